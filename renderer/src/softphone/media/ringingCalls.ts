import type { CallInfo } from '@tandem/contract';

/**
 * Which calls should make the phone ring: inbound calls in state `ringing`.
 * Fed with every `softphone:call` event (the last one for an id wins), it
 * says whether anything still rings, so answer, decline, cancel, a missed
 * call and a failure all stop the ringtone the same way.
 */
export function createRingingCalls() {
  const ringing = new Set<string>();
  return {
    /** Records a call's new state; returns whether any call rings now. */
    update(call: Pick<CallInfo, 'id' | 'direction' | 'state'>): boolean {
      if (call.direction === 'inbound' && call.state === 'ringing') ringing.add(call.id);
      else ringing.delete(call.id);
      return ringing.size > 0;
    },
    /** Replaces everything with a snapshot (after a reload, from `getSoftphoneState`). */
    reset(calls: readonly Pick<CallInfo, 'id' | 'direction' | 'state'>[]): boolean {
      ringing.clear();
      for (const call of calls) if (call.direction === 'inbound' && call.state === 'ringing') ringing.add(call.id);
      return ringing.size > 0;
    },
    get size() {
      return ringing.size;
    },
  };
}
