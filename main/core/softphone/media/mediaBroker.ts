import { randomUUID } from 'node:crypto';
import type { MediaOperation, MediaReply, MediaRequest } from '@tandem/contract';
import type { EventBus, WindowId } from '../../events/eventBus';
import type { Logger } from '../../log/logger';
import { TimerSlot, type Clock } from '../../time/clock';

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

/**
 * How long a call's media waits for the page whose connection closed, while another page could take it, before
 * main restores it there. A browser-host page retries its socket after 250 ms, 500 ms, 1 s… up to every 5 s
 * (±50 %, web-bridge/socketTransport.ts): after a blink the pages are back well within it, after a long outage
 * mostly. A page closed for good says so as it goes (`letGo`), and its calls are handed on without it; one that
 * could not say so (a crash, a killed tab, Electron's window closed before its page's word arrived) costs its calls
 * this much silence before another page plays them.
 */
export const OWNER_RETURN_GRACE_MS = 5_000;

/**
 * The operations that make (or replace) a call's media in the page that performs them, so the page they go to
 * holds the media afterwards. `mute` and `dtmf` act on media that is already somewhere: a page without it has
 * nothing to act on, and must not become the owner (its empty copy would win over the real one's in `adopt`).
 * A `mute` for a call no page owns is kept instead (`#muted`), for the page that takes the media next.
 */
const MAKES_MEDIA: ReadonlySet<MediaOperation['op']> = new Set(['prepare', 'getDescription', 'setDescription']);

/**
 * Who holds a call's media, as far as main knows. No entry: nobody (never asked, closed, the grace ran out, or its
 * page let it go).
 *
 *   (none) ──request that makes media──▶ owned ──close──▶ (none)
 *   owned ──owner's window detaches──▶ returning (another page is attached) or away (none is)
 *   owned ──owner's window detaches after its page let go (letGo)──▶ (none) at once, handed on (onHandedOn) if a page is attached
 *   returning | away ──its page lists it (adopt), or a request makes media in the newest page──▶ owned
 *   returning | away ──another page comes back (adopt)──▶ returning from now: the grace runs while a page could take it
 *   returning ──OWNER_RETURN_GRACE_MS pass──▶ (none), handed on to be restored (onHandedOn); away if no page is left
 *   any ──close, sent or not (no page attached)──▶ (none): an ended call waits for no page
 *
 * Whenever a page becomes a call's owner (a request that makes media, `adopt`), it is first sent the agent's last
 * `mute` for the call, if any: the media it makes or keeps starts as the agent left it.
 */
type Holder =
  | { readonly state: 'owned'; readonly window: WindowId }
  /** The owner's connection closed and another page is here: until `until` the owner's page may list the call. */
  | { readonly state: 'returning'; readonly until: number }
  /** The owner's connection closed and no page is here to take the media: no grace runs until one comes back. */
  | { readonly state: 'away' };

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
 * Only a request that makes media (MAKES_MEDIA) chooses an owner; a `dtmf`
 * for a call nobody owns fails as 'closed', since no attached page has the
 * media it would act on (the call manager sends the tones as SIP INFO then).
 * When the owner detaches, its pending requests fail at once ('closed'). The
 * standby connection is a call id like any other, so a call dialled on it
 * keeps the window that prepared it.
 *
 * Mute is the agent's word about the call's microphone, not about one page's
 * copy of it: main keeps it per call (`#muted`) and hands it to every page
 * that becomes the owner, before the request that makes it the owner, so a
 * page taking over a muted call (the playing page closed, a reload, a blink
 * that outlived the grace) opens its microphone disabled, and no audio of the
 * agent's goes out until the agent unmutes. For the same reason a `mute` for a
 * call nobody owns (its page away, the media being handed on) is not refused:
 * it is kept and applied where the media goes next; one whose owner leaves
 * before answering counts as kept too. Hold needs nothing of the kind: it is a
 * state of the call in main (CallMachine `held`), and every re-INVITE that
 * restores the media asks the new page for the offer with it.
 *
 * A browser-host page whose socket dropped and came back is a new window to
 * main but keeps its media: it lists what it holds (`media:ready { held }`)
 * and `adopt` makes it the owner again, so its calls' requests (a hold, the
 * hang-up's close) reach the media rather than the newest window. Main cannot
 * tell a blink from a page gone for good, so the calls of a detached owner
 * wait for it (`returning`, OWNER_RETURN_GRACE_MS, counted from when another
 * page could take them) before they are restored elsewhere: a page that comes
 * back first does not take media that is about to be listed (`isClaimed`). A page unloaded for good (closed,
 * reloaded) says so as it goes (`media:release`, `letGo`), and its calls are handed on when its connection closes.
 */
export class MediaBroker {
  readonly #pending = new Map<string, Pending>();
  /** callId → who holds its media (Holder); forgotten at `close` and when a returning call's grace ends. */
  readonly #holders = new Map<string, Holder>();
  /** callId → the agent's last `mute` for the call (absent: never asked), for any page that takes its media; forgotten at `close`. */
  readonly #muted = new Map<string, boolean>();
  /** Armed for the soonest `until` among the returning calls. */
  readonly #grace: TimerSlot;
  readonly #handedOn = new Set<(callIds: readonly string[]) => void>();
  /** Windows whose page said it is being unloaded for good (`letGo`): their detach is no blink. Forgotten on detach. */
  readonly #goingForGood = new Set<WindowId>();
  readonly #stopWatching: () => void;

  constructor(
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly iceServers: IceServers,
    private readonly log: Logger,
    private readonly timeoutMs = 10_000,
  ) {
    this.#grace = new TimerSlot(clock);
    this.#stopWatching = events.onWindowDetached((id) => this.#ownerGone(id));
  }

  /** The window that owns the call's media now, if any (for logs and tests). */
  ownerOf(callId: string): WindowId | undefined {
    const holder = this.#holders.get(callId);
    return holder?.state === 'owned' ? holder.window : undefined;
  }

  /** A window owns the call's media, or the page that owned it may still come back with it: main must not restore it. */
  isClaimed(callId: string): boolean {
    return this.#holders.has(callId);
  }

  /**
   * Hears the calls whose owner did not come back within the grace, or whose owner's page let them go and closed,
   * when a window is attached that could play them (with none, the next page's `media:ready` restores them); returns
   * the unsubscribe.
   */
  onHandedOn(listener: (callIds: readonly string[]) => void): () => void {
    this.#handedOn.add(listener);
    return () => this.#handedOn.delete(listener);
  }

  /**
   * `window`'s page is being unloaded for good (`media:release`: closed or reloaded, not kept in the back/forward
   * cache) and its peer connections go with it: it will never list its calls again, so when its connection closes,
   * which follows at once, nothing waits for it and its calls are handed on. Until then they stay its own: nothing
   * else holds their media, and it is still the window their requests reach. (In Electron a reloading page's word
   * can arrive after its successor attached, and count for that one: harmless, since an Electron page never
   * reconnects, so every detach there is for good.) A window that is gone or plays no media has nothing to let go.
   */
  letGo(window: WindowId): void {
    if (this.events.mediaWindows().includes(window)) this.#goingForGood.add(window);
  }

  /**
   * Sends `operation` for `callId` to its owner; resolves with the reply's SDP (if any), rejects on refusal, timeout or
   * the owner leaving. A `mute` is kept for the call first, and resolves without a page when none owns the call (`#mute`).
   */
  request(callId: string, operation: MediaOperation): Promise<string | undefined> {
    if (operation.op === 'mute') return this.#mute(callId, operation.muted);
    const owner = this.#addressee(callId, operation.op);
    // The engine forgets a closed call, and so does main, whether or not a page hears the close: a call that ended
    // while its page was away claims nothing, and no grace hands it on. What comes next for this id starts afresh.
    if (operation.op === 'close') this.#forget(callId);
    if (owner === undefined && this.events.mediaWindows().length > 0) {
      // A `dtmf` while the page with the media is away: the pages here have nothing to act on.
      this.log.info('softphone: no attached window holds the call’s media', { callId, op: operation.op });
      return Promise.reject(new MediaEngineError(`no window holds the media of call ${callId} to ${operation.op}`, 'closed'));
    }
    if (owner === undefined) {
      // Nobody could ever answer: a window attaching later is not sent this request. It asks
      // for the re-INVITE and the standby instead (`media:ready` → renegotiateAll), so failing
      // now costs nothing, while waiting out the timeout held the call for 10 s and logged a warning.
      this.log.info('softphone: no window is attached to play the call’s media yet', { callId, op: operation.op });
      return Promise.reject(new MediaEngineError(`no window is attached to ${operation.op} call ${callId}`, 'closed'));
    }
    return this.#send(owner, callId, operation);
  }

  /**
   * `window` reconnected holding the media of `callIds` (ids main still has a call or the standby for): it owns
   * them again. A call another attached window owns now was asked of that window while this one was away, so the
   * media is there: this window's copy is stale and is closed (it would keep the microphone open, and no `close`
   * for the call would ever reach it). A window that is gone, or plays no media, owns nothing.
   */
  adopt(window: WindowId, callIds: Iterable<string>): void {
    if (!this.events.mediaWindows().includes(window)) return;
    // A page is back and could take what other pages' owners left: they get the grace from now.
    const until = this.clock.now() + OWNER_RETURN_GRACE_MS;
    for (const [callId, holder] of this.#holders) if (holder.state !== 'owned') this.#holders.set(callId, { state: 'returning', until });
    this.#armGrace();
    for (const callId of callIds) {
      const owner = this.ownerOf(callId);
      // A returning call is the page's that lists it: only the page that held the media can. It may have missed a mute.
      if (owner === undefined) this.#take(callId, window);
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
    if (this.events.mediaWindows().length === 0) {
      // Expected at start-up (the standby is prepared as soon as the line registers, before a page
      // attaches): the page's `media:ready` prepares it again. Not a warning. A call that ended while
      // no page was attached is forgotten all the same: its page's engine closes it on its next read of main.
      if (operation.op === 'close') this.#forget(callId);
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
    this.#grace.cancel();
    this.#holders.clear();
    this.#muted.clear();
    this.#goingForGood.clear();
    this.#rejectPending(
      () => true,
      (op) => `softphone closed before ${op} was answered`,
    );
  }

  /**
   * The agent (un)mutes the call. Kept first, so that whichever page holds the media next applies it; then sent to
   * the owner, if any. With none (its page away, the media being handed on) there is nothing to act on now and
   * nothing to refuse: the page that takes the media, or the owner's page listing it again, hears it first (`#take`).
   * An owner that leaves before answering is the same case. An owner that refuses or does not answer leaves the
   * agent told that the mute failed, so the kept word goes back to what it was.
   */
  #mute(callId: string, muted: boolean): Promise<string | undefined> {
    const before = this.#muted.get(callId);
    this.#muted.set(callId, muted);
    const owner = this.ownerOf(callId);
    if (owner === undefined) {
      this.log.info('softphone: no window plays the call’s media now; the mute is kept for the one that takes it', { callId, muted });
      return Promise.resolve(undefined);
    }
    return this.#send(owner, callId, { op: 'mute', muted }).catch((error: unknown) => {
      if (error instanceof MediaEngineError && error.kind === 'closed') return undefined;
      if (this.#muted.get(callId) === muted) {
        if (before === undefined) this.#muted.delete(callId);
        else this.#muted.set(callId, before);
      }
      throw error;
    });
  }

  /**
   * `window` holds the call's media from now on. Before anything else it makes there, it hears the agent's mute:
   * the engine runs a call's requests in order, and applies a mute to a track not opened yet, so a page taking over
   * a muted call opens the microphone disabled, with no moment of live audio.
   */
  #take(callId: string, window: WindowId): void {
    this.#holders.set(callId, { state: 'owned', window });
    const muted = this.#muted.get(callId);
    if (muted === undefined) return;
    this.#send(window, callId, { op: 'mute', muted }).catch((error: unknown) => {
      this.log.warn('softphone: media engine did not confirm', { op: 'mute', error: String(error) });
    });
  }

  /** The call ended (`close`): nobody holds its media or waits for it, and its mute goes with it. */
  #forget(callId: string): void {
    this.#muted.delete(callId);
    if (this.#holders.delete(callId)) this.#armGrace();
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

  /**
   * The window `op` goes to: the owner; with none, the newest window, which becomes the owner if `op` makes media.
   * A `close` nobody owns still goes there (releasing what the engine may hold costs nothing) and makes no owner.
   */
  #addressee(callId: string, op: MediaOperation['op']): WindowId | undefined {
    const owner = this.ownerOf(callId);
    if (owner !== undefined) return owner;
    const newest = this.events.mediaWindows().at(-1);
    if (newest === undefined || !MAKES_MEDIA.has(op)) return op === 'close' ? newest : undefined;
    this.#take(callId, newest);
    return newest;
  }

  #ownerGone(id: WindowId): void {
    const forGood = this.#goingForGood.delete(id);
    const here = this.events.mediaWindows().length > 0;
    const left: Holder = here ? { state: 'returning', until: this.clock.now() + OWNER_RETURN_GRACE_MS } : { state: 'away' };
    const letGo: string[] = [];
    for (const [callId, holder] of this.#holders) {
      if (holder.state !== 'owned' || holder.window !== id) continue;
      if (!forGood) this.#holders.set(callId, left);
      else {
        // Its page is gone with the media: nobody holds it, and with no page here the next one's `media:ready` restores it.
        this.#holders.delete(callId);
        letGo.push(callId);
      }
    }
    this.#armGrace();
    this.#rejectPending(
      (pending) => pending.owner === id,
      (op) => `the window playing the call's media left before ${op} was answered`,
    );
    if (here && letGo.length > 0) this.#handOn(letGo, 'softphone: the page holding these calls’ media closed for good; restoring them elsewhere');
  }

  #armGrace(): void {
    let soonest = Infinity;
    for (const holder of this.#holders.values()) if (holder.state === 'returning') soonest = Math.min(soonest, holder.until);
    if (soonest === Infinity) this.#grace.cancel();
    else this.#grace.arm(soonest - this.clock.now(), () => this.#endGrace());
  }

  #endGrace(): void {
    const now = this.clock.now();
    const here = this.events.mediaWindows().length > 0;
    const unclaimed: string[] = [];
    for (const [callId, holder] of this.#holders) {
      if (holder.state !== 'returning' || holder.until > now) continue;
      // The pages that came back left again: nobody could take it now, so it waits for the next one.
      if (!here) this.#holders.set(callId, { state: 'away' });
      else {
        this.#holders.delete(callId);
        unclaimed.push(callId);
      }
    }
    this.#armGrace();
    if (unclaimed.length > 0) this.#handOn(unclaimed, 'softphone: the page holding these calls’ media did not come back; restoring them elsewhere');
  }

  #handOn(callIds: readonly string[], why: string): void {
    this.log.info(why, { callIds });
    for (const listener of [...this.#handedOn]) listener(callIds);
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
