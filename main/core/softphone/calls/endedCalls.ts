import type { CallInfo } from '@tandem/contract';

/**
 * How many ended calls main keeps. A count, not an age: how long a window stays away is nothing main can
 * bound (a browser tab closed over lunch, a laptop asleep while the browser host runs on), and an age
 * limit would drop exactly the calls the record is kept for; the count bounds main's memory and every
 * snapshot's size. 50 is more than Recent calls shows (20) and more calls than an agent ends in a busy
 * hour; a window away for longer misses the oldest.
 */
export const ENDED_CALLS_KEPT = 50;

/**
 * The calls that ended lately, oldest first, each as its 'ended' event said. Main only announces a call's
 * end, and a window that was away then (a dropped browser-host connection, a reload) never hears it: it
 * reads these in its next snapshot (`SoftphoneSnapshot.ended`) and records the ones its call log lacks.
 */
export class EndedCalls {
  readonly #calls: CallInfo[] = [];

  add(call: CallInfo): void {
    this.#calls.push(call);
    if (this.#calls.length > ENDED_CALLS_KEPT) this.#calls.shift();
  }

  list(): CallInfo[] {
    return [...this.#calls];
  }
}
