import { describe, expect, it } from 'vitest';
import { CALL_TRANSITIONS, CallMachine, IllegalCallTransitionError, outcomeOfStatus } from '../../../main/core/softphone/calls/callMachine';
import { CALL_STATES } from '@tandem/contract';

describe('a call’s state machine', () => {
  it('covers every contract state', () => {
    expect(Object.keys(CALL_TRANSITIONS).sort()).toEqual([...CALL_STATES].sort());
  });

  it('Ana’s outgoing call rings, connects, goes on hold and back, and ends answered', () => {
    const call = new CallMachine('dialing');
    const heard: string[] = [];
    call.onStateChange((to) => heard.push(to));
    for (const state of ['ringing', 'connecting', 'active', 'held', 'active', 'ending'] as const) call.transition(state);
    expect(call.finish({ outcome: 'answered', reasonKey: null })).toBe(true);
    expect(heard).toEqual(['ringing', 'connecting', 'active', 'held', 'active', 'ending', 'ended']);
    expect(call.end).toEqual({ outcome: 'answered', reasonKey: null });
  });

  it.each([
    ['ringing', 'held'],
    ['dialing', 'held'],
    ['ending', 'active'],
  ] as const)('refuses %s → %s', (from, to) => {
    const call = new CallMachine('dialing');
    if (from === 'ringing') call.transition('ringing');
    if (from === 'ending') call.transition('ending');
    expect(() => call.transition(to)).toThrow(IllegalCallTransitionError);
  });

  it('an ended call stays ended with its first outcome', () => {
    const call = new CallMachine('ringing');
    call.finish({ outcome: 'missed', reasonKey: null });
    expect(call.finish({ outcome: 'answered', reasonKey: null })).toBe(false);
    expect(call.end?.outcome).toBe('missed');
    expect(() => call.transition('active')).toThrow(IllegalCallTransitionError);
  });

  it('needs an outcome to end', () => {
    expect(() => new CallMachine('ringing').transition('ended')).toThrow(/outcome/);
  });

  it.each([
    [486, 'busy', 'softphone.errors.busy'],
    [600, 'busy', 'softphone.errors.busy'],
    [603, 'rejected', 'softphone.errors.rejected'],
    [487, 'cancelled', null],
    [404, 'failed', 'softphone.errors.notFound'],
    [480, 'failed', 'softphone.errors.unavailable'],
    [488, 'failed', 'softphone.errors.media'],
    [502, 'failed', 'softphone.errors.callFailed'],
  ] as const)('a final %i means %s', (status, outcome, reasonKey) => {
    expect(outcomeOfStatus(status)).toEqual({ outcome, reasonKey });
  });
});
