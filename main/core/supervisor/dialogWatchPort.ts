/**
 * What the dialog watcher needs from a SIP stack: a link to the server and
 * `dialog` subscriptions over it. The sip.js implementation is
 * `sipDialogWatchPort.ts`; unit tests drive the watcher through a fake.
 */
export interface DialogNotifyHandlers {
  /** A NOTIFY of this subscription, its body as received (already accepted with 200). */
  onNotify(body: string): void;
  /** The subscription is over without us asking: refused, timed out, or terminated by the server. */
  onEnded(reason: string): void;
}

export interface DialogSubscriptionHandle {
  /** Unsubscribe (best effort) and hear nothing more from this subscription. */
  end(): void;
}

export interface DialogWatchPort {
  /** Opens the link; resolves once it is up, rejects when it cannot come up. */
  connect(): Promise<void>;
  /** Heard when an open link drops (not when `close()` closes it). */
  onDisconnected(listener: (reason: string) => void): () => void;
  /** SUBSCRIBE to `target`'s dialog event package, asking for `expiresSec`; refreshes are the port's job. */
  subscribe(target: string, expiresSec: number, handlers: DialogNotifyHandlers): DialogSubscriptionHandle;
  close(): Promise<void>;
}
