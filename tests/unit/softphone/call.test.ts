/**
 * One call: what it reports, whether it is on hold (its machine says, no
 * separate flag), and the outcome it ends with when sip.js reports the
 * session over.
 */
import { describe, expect, it } from 'vitest';
import { Call } from '../../../main/core/softphone/calls/call';
import { farEnd } from './support/farEnd';

function call(direction: 'inbound' | 'outbound'): Call {
  const far = farEnd('"Ben K." <sip:1002@pbx.example.com>;tag=1');
  return new Call({
    session: far.invitation,
    direction,
    initial: direction === 'inbound' ? 'ringing' : 'dialing',
    remote: { uri: 'sip:1002@pbx.example.com', displayName: 'Ben K.', number: null },
    consultFor: null,
    startedAt: 5,
  });
}

describe('a call on hold', () => {
  it('is held exactly while its machine is in `held`', () => {
    const ben = call('outbound');
    ben.machine.transition('active');
    expect(ben.held).toBe(false);
    ben.machine.transition('held');
    expect(ben.held).toBe(true);
    expect(ben.info().state).toBe('held');
    ben.machine.transition('active');
    expect(ben.held).toBe(false);
  });
});

describe('the outcome when the session ends', () => {
  it('the outcome our own action chose wins', () => {
    const ben = call('outbound');
    ben.pendingEnd = { outcome: 'transferred', reasonKey: null };
    expect(ben.endOnTermination()).toEqual({ outcome: 'transferred', reasonKey: null });
  });

  it('an answered call ends as answered, whoever hung up', () => {
    const ben = call('inbound');
    ben.answeredAt = 10;
    expect(ben.endOnTermination()).toEqual({ outcome: 'answered', reasonKey: null });
  });

  it('a call Ana dialled that never connected failed', () => {
    expect(call('outbound').endOnTermination()).toEqual({ outcome: 'failed', reasonKey: 'softphone.errors.callFailed' });
  });

  it('a call that rang and stopped was missed; one that stopped while Ana’s answer was under way failed on media', () => {
    const ringing = call('inbound');
    expect(ringing.endOnTermination()).toEqual({ outcome: 'missed', reasonKey: null });
    ringing.machine.transition('connecting');
    expect(ringing.endOnTermination()).toEqual({ outcome: 'failed', reasonKey: 'softphone.errors.media' });
  });

  it('the desk sees the outcome once the machine is finished', () => {
    const ben = call('inbound');
    expect(ben.info()).toMatchObject({ state: 'ringing', outcome: null, startedAt: 5, remote: { displayName: 'Ben K.' } });
    ben.machine.finish({ outcome: 'missed', reasonKey: null });
    expect(ben.info()).toMatchObject({ state: 'ended', outcome: 'missed', reasonKey: null });
  });
});

describe('the far end of a call', () => {
  it('is named by the INVITE’s From on a call Ana received', () => {
    expect(call('inbound').farEnd()).toMatchObject({ user: '1002', host: 'pbx.example.com' });
  });
});
