import { randomUUID } from 'node:crypto';
import type { MediaOperation, MediaReply, MediaRequest } from '@tandem/contract';
import type { EventBus, WindowId } from '../../events/eventBus';
import type { Logger } from '../../log/logger';
import type { Clock } from '../../time/clock';

export type IceServers = MediaRequest['iceServers'];

export class MediaEngineError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'refused' | 'closed',
  ) {
    super(message);
    this.name = 'MediaEngineError';
  }
}

interface Pending {
  readonly resolve: (sdp: string | undefined) => void;
  readonly reject: (error: MediaEngineError) => void;
  readonly timer: unknown;
  readonly op: MediaOperation['op'];
  /** The window asked. */
  readonly owner: WindowId;
}

/**
 * Main's half of the media RPC: a `media:request` event goes to the window
 * that owns the call's media, whose media engine answers with `media:reply`
 * carrying the same requestId. An unknown or late reply is ignored.
 *
 * One window owns a call's media, so with two pages open only one prepares
 * media (one getUserMedia, one peer connection) and plays the call. The owner
 * is chosen when the call's first request goes out: the most recently attached
 * window, because that is the page the agent opened or reloaded last (in front,
 * as far as main can tell), and because a reloaded page attaches anew: it is
 * the newest window when it asks for the re-INVITE (`media:ready`), so it
 * becomes the owner of the calls its previous page held. Later requests for
 * the call go to the same window; a reply from any other window is ignored.
 * When the owner detaches, the call's media is gone with it: its pending
 * requests fail at once ('closed') and the call has no owner until its next
 * request chooses one. The standby connection is a call id like any other,
 * so a call dialled on it keeps the window that prepared it.
 *
 * A browser-host page whose socket dropped and came back is a new window to
 * main but keeps its media: it lists what it holds (`media:ready { held }`)
 * and `adopt` makes it the owner again, so its calls' requests (a hold, the
 * hang-up's close) reach the media rather than the newest window.
 */
export class MediaBroker {
  readonly #pending = new Map<string, Pending>();
  /** callId → the window that owns its media; forgotten after `close` and when the window detaches. */
  readonly #owners = new Map<string, WindowId>();
  readonly #stopWatching: () => void;

  constructor(
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly iceServers: IceServers,
    private readonly log: Logger,
    private readonly timeoutMs = 10_000,
  ) {
    this.#stopWatching = events.onWindowDetached((id) => this.#ownerGone(id));
  }

  /** The window that owns the call's media now, if any (for logs and tests). */
  ownerOf(callId: string): WindowId | undefined {
    return this.#owners.get(callId);
  }

  /** Sends `operation` for `callId` to its owner; resolves with the reply's SDP (if any), rejects on refusal, timeout or the owner leaving. */
  request(callId: string, operation: MediaOperation): Promise<string | undefined> {
    const owner = this.#ownerFor(callId);
    if (owner === undefined) {
      // Nobody could ever answer: a window attaching later is not sent this request. It asks
      // for the re-INVITE and the standby instead (`media:ready` → renegotiateAll), so failing
      // now costs nothing, while waiting out the timeout held the call for 10 s and logged a warning.
      this.log.info('softphone: no window is attached to play the call’s media yet', { callId, op: operation.op });
      return Promise.reject(new MediaEngineError(`no window is attached to ${operation.op} call ${callId}`, 'closed'));
    }
    const sent = this.#send(owner, callId, operation);
    // The engine forgets a closed call; whatever comes next for this id chooses its owner afresh.
    if (operation.op === 'close') this.#owners.delete(callId);
    return sent;
  }

  /**
   * `window` reconnected holding the media of `callIds` (ids main still has a call or the standby for): it owns
   * them again. A call another attached window owns now was asked of that window while this one was away, so the
   * media is there: this window's copy is stale and is closed (it would keep the microphone open, and no `close`
   * for the call would ever reach it). A window that is gone, or plays no media, owns nothing.
   */
  adopt(window: WindowId, callIds: Iterable<string>): void {
    if (!this.events.mediaWindows().includes(window)) return;
    for (const callId of callIds) {
      const owner = this.#owners.get(callId);
      if (owner === undefined) this.#owners.set(callId, window);
      else if (owner !== window) {
        this.log.info('softphone: a reconnected window held media another window plays now; closing its copy', { callId, window, owner });
        this.#send(window, callId, { op: 'close' }).catch((error: unknown) => {
          this.log.warn('softphone: media engine did not confirm', { op: 'close', error: String(error) });
        });
      }
    }
  }

  /** Fire and forget (prepare, close): a missing engine must not fail the call. */
  notify(callId: string, operation: MediaOperation): void {
    if (this.#ownerFor(callId) === undefined) {
      // Expected at start-up (the standby is prepared as soon as the line registers, before a page
      // attaches): the page's `media:ready` prepares it again. Not a warning.
      this.log.info('softphone: no window is attached yet; media is prepared when one attaches', { callId, op: operation.op });
      return;
    }
    this.request(callId, operation).catch((error: unknown) => {
      this.log.warn('softphone: media engine did not confirm', { op: operation.op, error: String(error) });
    });
  }

  /** A reply from `from`; only the window the request went to can settle it. */
  reply(reply: MediaReply, from: WindowId): void {
    const pending = this.#pending.get(reply.requestId);
    if (pending === undefined) return;
    if (pending.owner !== from) {
      this.log.warn('softphone: ignored a media reply from a window that does not own the call', { op: pending.op, from, owner: pending.owner });
      return;
    }
    this.#pending.delete(reply.requestId);
    this.clock.clearTimeout(pending.timer);
    if (reply.result.ok) pending.resolve(reply.result.sdp);
    else pending.reject(new MediaEngineError(`media engine refused ${pending.op}: ${reply.result.reason}`, 'refused'));
  }

  dispose(): void {
    this.#stopWatching();
    this.#owners.clear();
    this.#rejectPending(
      () => true,
      (op) => `softphone closed before ${op} was answered`,
    );
  }

  #send(owner: WindowId, callId: string, operation: MediaOperation): Promise<string | undefined> {
    const requestId = randomUUID();
    return new Promise<string | undefined>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.#pending.delete(requestId);
        reject(new MediaEngineError(`media engine did not answer ${operation.op} for call ${callId} within ${this.timeoutMs} ms`, 'timeout'));
      }, this.timeoutMs);
      this.#pending.set(requestId, { resolve, reject, timer, op: operation.op, owner });
      this.events.emitTo(owner, 'media:request', { requestId, callId, iceServers: this.iceServers, operation });
    });
  }

  #ownerFor(callId: string): WindowId | undefined {
    const owner = this.#owners.get(callId);
    if (owner !== undefined) return owner;
    const newest = this.events.mediaWindows().at(-1);
    if (newest !== undefined) this.#owners.set(callId, newest);
    return newest;
  }

  #ownerGone(id: WindowId): void {
    for (const [callId, owner] of this.#owners) if (owner === id) this.#owners.delete(callId);
    this.#rejectPending(
      (pending) => pending.owner === id,
      (op) => `the window playing the call's media left before ${op} was answered`,
    );
  }

  #rejectPending(which: (pending: Pending) => boolean, message: (op: MediaOperation['op']) => string): void {
    for (const [requestId, pending] of this.#pending) {
      if (!which(pending)) continue;
      this.clock.clearTimeout(pending.timer);
      this.#pending.delete(requestId);
      pending.reject(new MediaEngineError(message(pending.op), 'closed'));
    }
  }
}
