import type { CallOutcome, CallState } from '@tandem/contract';
import { StateMachine, type TransitionTable } from '../../stateMachine';

/**
 * One call's state machine. States are the contract's `CALL_STATES`; the
 * outcome is fixed once, when the call ends.
 *
 * ```txt
 *  outbound: dialing ──(18x)──► ringing ──(200)──► connecting ──(ACK/established)──► active ⇄ held
 *  inbound:                     ringing ──answer()──► connecting ─────────────────────► active ⇄ held
 *                                                                      (re-INVITE hold/resume, RFC 3264 §8.4)
 *  any live state ──hangup()/decline()/cancel()──► ending ──(final answer / BYE done)──► ended
 *  any live state ──(remote BYE/CANCEL, failure)──────────────────────────────────────► ended
 * ```
 *
 * A 200 may arrive without a 18x, so `dialing → connecting` is legal too.
 */
export const CALL_TRANSITIONS: TransitionTable<CallState> = {
  dialing: ['ringing', 'connecting', 'active', 'ending', 'ended'],
  ringing: ['connecting', 'active', 'ending', 'ended'],
  connecting: ['active', 'ending', 'ended'],
  active: ['held', 'ending', 'ended'],
  held: ['active', 'ending', 'ended'],
  ending: ['ended'],
  ended: [],
};

export { IllegalTransitionError as IllegalCallTransitionError } from '../../stateMachine';

export interface CallEnd {
  readonly outcome: CallOutcome;
  readonly reasonKey: string | null;
}

export class CallMachine extends StateMachine<CallState> {
  #end: CallEnd | null = null;

  constructor(initial: 'dialing' | 'ringing') {
    super('call', CALL_TRANSITIONS, initial);
  }

  get end(): CallEnd | null {
    return this.#end;
  }

  /** True once the far end has a dialog with us (200 sent or received). */
  get live(): boolean {
    return this.is('active', 'held');
  }

  override transition(to: CallState): void {
    if (to === 'ended') throw new Error('use finish() to end a call: it needs an outcome');
    super.transition(to);
  }

  /** Ends the call with its outcome; a second finish() is ignored (the first cause wins). */
  finish(end: CallEnd): boolean {
    if (this.state === 'ended') return false;
    this.#end = end;
    // Every live state may end (the table says so), so this cannot throw.
    super.transition('ended');
    return true;
  }
}

/** What a final failure response means for the call log (RFC 3261 §21). */
export function outcomeOfStatus(statusCode: number): CallEnd {
  switch (statusCode) {
    case 486:
    case 600:
      return { outcome: 'busy', reasonKey: 'softphone.errors.busy' };
    case 603:
    case 403:
      return { outcome: 'rejected', reasonKey: 'softphone.errors.rejected' };
    case 487:
      return { outcome: 'cancelled', reasonKey: null };
    case 404:
    case 484:
    case 604:
      return { outcome: 'failed', reasonKey: 'softphone.errors.notFound' };
    case 408:
    case 480:
      return { outcome: 'failed', reasonKey: 'softphone.errors.unavailable' };
    case 488:
    case 606:
      return { outcome: 'failed', reasonKey: 'softphone.errors.media' };
    default:
      return { outcome: 'failed', reasonKey: 'softphone.errors.callFailed' };
  }
}
