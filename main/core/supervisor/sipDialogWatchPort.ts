import { Subscriber, SubscriptionState, UserAgent, UserAgentState } from 'sip.js';
import type { DialogNotifyHandlers, DialogSubscriptionHandle, DialogWatchPort } from './dialogWatchPort';

/**
 * The dialog watcher's link over sip.js: one UserAgent of the supervisor's
 * own (it never registers and takes no calls, so the desk's softphone and its
 * registration are untouched), and one sip.js `Subscriber` per member. sip.js
 * refreshes each subscription at 90 % of its expiry and ends it when a refresh
 * is refused; both arrive here as `onEnded`.
 *
 * The owner wires the UserAgent delegate's `onDisconnect` to
 * {@link SipDialogWatchPort.transportDisconnected}, as the softphone's
 * registrar port does.
 */
export class SipDialogWatchPort implements DialogWatchPort {
  readonly #ua: UserAgent;
  readonly #beforeConnect: () => Promise<void>;
  readonly #dropListeners = new Set<(reason: string) => void>();
  readonly #subscribers = new Set<Subscriber>();
  #closing = false;

  /** `beforeConnect` runs before each connect (e.g. reads the password bound to the account). */
  constructor(ua: UserAgent, beforeConnect: () => Promise<void> = () => Promise.resolve()) {
    this.#ua = ua;
    this.#beforeConnect = beforeConnect;
  }

  transportDisconnected(error: Error | undefined): void {
    if (this.#closing) return;
    const reason = error?.message ?? 'transport closed';
    // The watcher ends its handles first, so none of them reports an ending of its own.
    for (const listener of [...this.#dropListeners]) listener(reason);
    // The subscriptions went with the connection: forget any left.
    for (const subscriber of [...this.#subscribers]) this.#forget(subscriber);
  }

  async connect(): Promise<void> {
    this.#closing = false;
    await this.#beforeConnect();
    if (this.#ua.state === UserAgentState.Started) await this.#ua.reconnect();
    else await this.#ua.start();
  }

  onDisconnected(listener: (reason: string) => void): () => void {
    this.#dropListeners.add(listener);
    return () => this.#dropListeners.delete(listener);
  }

  subscribe(target: string, expiresSec: number, handlers: DialogNotifyHandlers): DialogSubscriptionHandle {
    const uri = UserAgent.makeURI(target);
    if (uri === undefined) {
      queueMicrotask(() => handlers.onEnded('the member SIP address does not parse'));
      return { end: () => undefined };
    }
    const subscriber = new Subscriber(this.#ua, uri, 'dialog', {
      expires: expiresSec,
      extraHeaders: ['Accept: application/dialog-info+xml'],
    });
    let open = true;
    subscriber.delegate = {
      onNotify: (notification) => {
        void notification.accept().catch(() => undefined);
        if (open) handlers.onNotify(notification.request.body);
      },
    };
    subscriber.stateChange.addListener((state) => {
      if (state !== SubscriptionState.Terminated || !open) return;
      open = false;
      this.#subscribers.delete(subscriber);
      handlers.onEnded('the subscription was terminated');
    });
    this.#subscribers.add(subscriber);
    subscriber.subscribe().catch((error: unknown) => {
      if (!open) return;
      open = false;
      this.#forget(subscriber);
      handlers.onEnded(error instanceof Error ? error.message : String(error));
    });
    return {
      end: () => {
        if (!open) return;
        open = false;
        this.#subscribers.delete(subscriber);
        // Best effort: an unsubscribe over a dead link fails, and the server's copy lapses by itself.
        void subscriber.dispose().catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all([...this.#subscribers].map((subscriber) => subscriber.dispose().catch(() => undefined)));
    this.#subscribers.clear();
    if (this.#ua.state === UserAgentState.Started) await this.#ua.stop().catch(() => undefined);
  }

  #forget(subscriber: Subscriber): void {
    this.#subscribers.delete(subscriber);
    void subscriber.dispose().catch(() => undefined);
  }
}
