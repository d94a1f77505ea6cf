import type { CallOutcome, CallState } from '../../../../preload/contract';

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
export const CALL_TRANSITIONS: Readonly<Record<CallState, readonly CallState[]>> = {
  dialing: ['ringing', 'connecting', 'active', 'ending', 'ended'],
  ringing: ['connecting', 'active', 'ending', 'ended'],
  connecting: ['active', 'ending', 'ended'],
  active: ['held', 'ending', 'ended'],
  held: ['active', 'ending', 'ended'],
  ending: ['ended'],
  ended: [],
};

export class IllegalCallTransitionError extends Error {
  constructor(
    readonly from: CallState,
    readonly to: CallState,
  ) {
    super(`illegal call transition ${from} → ${to}`);
    this.name = 'IllegalCallTransitionError';
  }
}

export interface CallEnd {
  readonly outcome: CallOutcome;
  readonly reasonKey: string | null;
}

export class CallMachine {
  #state: CallState;
  #end: CallEnd | null = null;
  readonly #listeners = new Set<(to: CallState, from: CallState) => void>();

  constructor(initial: 'dialing' | 'ringing') {
    this.#state = initial;
  }

  get state(): CallState {
    return this.#state;
  }

  get end(): CallEnd | null {
    return this.#end;
  }

  is(...states: CallState[]): boolean {
    return states.includes(this.#state);
  }

  /** True once the far end has a dialog with us (200 sent or received). */
  get live(): boolean {
    return this.is('active', 'held');
  }

  transition(to: CallState): void {
    const from = this.#state;
    if (to === 'ended') throw new Error('use finish() to end a call: it needs an outcome');
    if (!CALL_TRANSITIONS[from].includes(to)) throw new IllegalCallTransitionError(from, to);
    this.#state = to;
    this.#emit(to, from);
  }

  /** Ends the call with its outcome; a second finish() is ignored (the first cause wins). */
  finish(end: CallEnd): boolean {
    if (this.#state === 'ended') return false;
    const from = this.#state;
    this.#end = end;
    this.#state = 'ended';
    this.#emit('ended', from);
    return true;
  }

  onStateChange(listener: (to: CallState, from: CallState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(to: CallState, from: CallState): void {
    for (const listener of [...this.#listeners]) listener(to, from);
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
