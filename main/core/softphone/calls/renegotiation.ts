import type { Logger } from '../../log/logger';
import { illegalState, type Call } from './call';
import { reinvite, type ReinviteDeps } from './reinvite';

export interface RenegotiationDeps extends ReinviteDeps {
  readonly log: Logger;
  /** The live call with this contract id, if any (the media bridge names calls by id). */
  readonly callOf: (callId: string) => Call | undefined;
}

/** What is out: the agent's hold or resume, or main's restore. `settled`: it was answered or failed. */
interface Sending {
  readonly kind: 'change' | 'restore';
  readonly settled: Promise<void>;
}
type Outstanding =
  | (Sending & { readonly state: 'sending' })
  | (Sending & { readonly state: 'restoreOwed'; readonly iceRestart: boolean; readonly done: Promise<void>; readonly settle: () => void });

/**
 * A call's re-INVITEs from main: the agent's hold or resume, and the restores of its media. One dialog has one
 * re-INVITE outstanding at a time (sip.js refuses a second with RequestPendingError, RFC 3261 §14.1), so a restore
 * asked for while one is out (the page playing the call closed during a hold or resume) waits for it to be answered
 * or to fail, and then goes out once, with the hold the call has by then: a call the agent held stays held, a resume
 * that succeeded is not undone. No entry in `#sending`: nothing outstanding.
 *
 * ```txt
 *  (idle) ──change() / restore()──▶ sending ──restore()──▶ restoreOwed ──restore()──▶ restoreOwed (still one)
 *  sending ──answered or failed──▶ (idle)
 *  restoreOwed ──answered or failed──▶ sending (the one restore, hold = the call's state then; none if the call ended)
 *  a restore sending or owed ──change()──▶ the change waits until none is, then sending
 *  the agent's change sending ──change()──▶ refused
 * ```
 *
 * The agent's hold or resume asked for while a restore is out (or owed) waits for it and goes next: the restore is
 * main's, which the agent never sees, so nothing tells them why a click was refused. Only their own hold or resume
 * still out refuses another (a double click), as sip.js would.
 *
 * A call whose answer came back after the page that made its offer left (`answerLost`, from the media bridge) is out
 * of step: the answer was applied nowhere, so its media needs a restore wherever it is played next, even in the page
 * that made the offer should it come back and list the call. Its next restore puts it back in step, unless it fails.
 * A hold's or resume's answer came on a live call, which the page's leaving or coming back restores (MediaBroker's
 * hand-on, `media:ready`); an outbound call's first answer came before it was live, which those restores pass by,
 * so it is restored as the call is established (`established`).
 */
export class Renegotiation {
  readonly #sending = new Map<Call, Outstanding>();
  readonly #outOfStep = new WeakSet<Call>();

  constructor(private readonly deps: RenegotiationDeps) {}

  /**
   * The agent's hold or resume: its re-INVITE, then `confirm` (the call's new state) once the far end said 2xx.
   * After main's restores that are out or owed; refused while the agent's own previous hold or resume is out.
   */
  async change(call: Call, hold: boolean, confirm: () => void): Promise<void> {
    for (let out = this.#sending.get(call); out !== undefined; out = this.#sending.get(call)) {
      if (out.kind === 'change') throw illegalState('a re-INVITE is already in progress');
      await out.settled;
    }
    await this.#send(call, 'change', async () => {
      await reinvite(call, { hold }, this.deps);
      confirm();
    });
  }

  /**
   * Renegotiates the call's media (a page that lost it, a new network path with `iceRestart`), with the call's own
   * hold. While another re-INVITE is out it is owed, and sent once that one settles. Never rejects: a failure is
   * logged, as nobody waits on it but the restore.
   */
  restore(call: Call, iceRestart = false): Promise<void> {
    const outstanding = this.#sending.get(call);
    if (outstanding?.state === 'restoreOwed') {
      if (iceRestart && !outstanding.iceRestart) this.#sending.set(call, { ...outstanding, iceRestart });
      return outstanding.done;
    }
    if (outstanding?.state === 'sending') {
      let settle = (): void => undefined;
      const done = new Promise<void>((resolve) => (settle = resolve));
      this.#sending.set(call, { ...outstanding, state: 'restoreOwed', iceRestart, done, settle });
      return done;
    }
    const wasOutOfStep = this.#outOfStep.delete(call);
    return this.#send(call, 'restore', () => reinvite(call, { hold: call.held, iceRestart }, this.deps)).catch((error: unknown) => {
      // A failed restore put nothing in step (say no page was attached to make its offer, the page that missed the
      // answer being away): that page, listing the call as it comes back, must still have it renegotiated (mediaReady).
      if (wasOutOfStep) this.#outOfStep.add(call);
      this.deps.log.warn('softphone: renegotiation failed', { callId: call.id, iceRestart, error: String(error) });
    });
  }

  /** The answer to the call's offer came back after the page that made it left: it was applied nowhere. */
  answerLost(callId: string): void {
    const call = this.deps.callOf(callId);
    if (call === undefined) return;
    this.deps.log.info('softphone: an answer came back after the page that made the offer left; the call’s media is restored next', { callId });
    this.#outOfStep.add(call);
  }

  /**
   * The call is established (the call manager says so). The far end's answer to our INVITE may have come after the
   * page that made its offer closed or reloaded while it rang: it was applied nowhere (`answerLost`), and the restores
   * that page's leaving set off passed the call by, as it was not live then. Nothing else would follow, and no page
   * would play a connected call. sip.js reports Established once the answer is through and the ACK sent, so the
   * re-INVITE is allowed now; with no page attached it fails, and the call waits out of step for the next page.
   */
  established(call: Call): void {
    if (this.#outOfStep.has(call)) void this.restore(call);
  }

  /** The call's media missed an answer (`answerLost`) and no restore has gone out since, or none that succeeded. */
  isOutOfStep(callId: string): boolean {
    const call = this.deps.callOf(callId);
    return call !== undefined && this.#outOfStep.has(call);
  }

  async #send(call: Call, kind: Sending['kind'], work: () => Promise<void>): Promise<void> {
    let settled = (): void => undefined;
    this.#sending.set(call, { state: 'sending', kind, settled: new Promise<void>((resolve) => (settled = resolve)) });
    try {
      await work();
    } finally {
      const outstanding = this.#sending.get(call);
      this.#sending.delete(call);
      if (outstanding?.state === 'restoreOwed') {
        // After the hold or resume took effect (`confirm` ran in `work`), so the restore asks for the call's state now.
        if (call.machine.live) void this.restore(call, outstanding.iceRestart).then(outstanding.settle);
        else outstanding.settle();
      }
      // Once the owed restore (if any) is out: a hold or resume waiting for this one then waits for that one too.
      settled();
    }
  }
}
