/**
 * Ana is talking to someone and the far end sends a REFER: what our side
 * answers, what it tells the desk, and what it NOTIFYs, for each decision of
 * the policy (referPolicy.ts). The far end is a fake sip.js Invitation
 * (support/farEnd.ts); nothing here dials (following a REFER is proven
 * against Kamailio in tests/integration/softphone-refer.test.ts).
 */
import type { UserAgent } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import { Call } from '../../../main/core/softphone/calls/call';
import { guardWith } from '../../../main/core/softphone/calls/guard';
import { DEFAULT_TRANSFER_RULES } from '../../../main/core/softphone/calls/referPolicy';
import { Transferee } from '../../../main/core/softphone/calls/transferee';
import type { TransferRequest } from '@tandem/contract';
import { farEnd, type FarEnd } from './support/farEnd';
import { manualClock } from './support/manualClock';

function desk() {
  const clock = manualClock();
  const requests: TransferRequest[] = [];
  const dialled: string[] = [];
  const transferee = new Transferee({
    userAgent: () => ({}) as UserAgent,
    clock,
    log: silentLogger,
    guard: guardWith(silentLogger),
    defaultRegion: 'US',
    rules: { domain: 'pbx.example.com', defaultRegion: 'US', ...DEFAULT_TRANSFER_RULES, allowPhoneNumbers: true },
    onTransferRequest: (request) => requests.push(request),
    consentMs: 20_000,
    startOutbound: (_inviter, remote) => void dialled.push(remote.uri),
    hangup: () => Promise.resolve(),
  });
  /** A call from `from` that Ana is talking on; its REFERs go to the transferee. */
  const talkingTo = (from: string): FarEnd & { call: Call; referNow(referTo: string): { answers: number[] } } => {
    const far = farEnd(from);
    const call = new Call({
      session: far.invitation,
      direction: 'inbound',
      initial: 'ringing',
      remote: { uri: from, displayName: '', number: null },
      consultFor: null,
      startedAt: clock.now(),
    });
    call.machine.transition('active');
    return { ...far, call, referNow: (referTo) => far.refer(referTo, (referral) => transferee.refer(call, referral)) };
  };
  return { transferee, clock, requests, dialled, talkingTo };
}

describe('a REFER on a call Ana is talking on', () => {
  it('from a customer calling from a number: 603 at once, no question for Ana, no NOTIFY', () => {
    const { requests, talkingTo } = desk();
    const customer = talkingTo('"Carla" <sip:+12125550123@pbx.example.com>;tag=1');
    expect(customer.referNow('<sip:1002@pbx.example.com>').answers).toEqual([603]);
    expect(requests).toEqual([]);
    expect(customer.notifies).toEqual([]);
  });

  it('on a call that is not up (still ringing): 603, whoever sends it', () => {
    const { transferee, requests } = desk();
    const ringing = farEnd('<sip:1002@pbx.example.com>;tag=1');
    const call = new Call({
      session: ringing.invitation,
      direction: 'inbound',
      initial: 'ringing',
      remote: { uri: 'sip:1002@pbx.example.com', displayName: '', number: null },
      consultFor: null,
      startedAt: 0,
    });
    expect(ringing.refer('<sip:2002@pbx.example.com>', (referral) => transferee.refer(call, referral)).answers).toEqual([603]);
    expect(requests).toEqual([]);
  });

  it('from Ben to a number with maddr: 202 and a 100 Trying NOTIFY, and Ana is asked about the stripped target', () => {
    const { requests, talkingTo, dialled } = desk();
    const ben = talkingTo('"Ben K." <sip:1002@pbx.example.com>;tag=1');
    expect(ben.referNow('<sip:+19005550100@pbx.example.com;maddr=203.0.113.9;transport=udp>').answers).toEqual([202]);
    expect(ben.notifies).toEqual(['SIP/2.0 100 Trying | Event: refer | Subscription-State: active;expires=60']);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ callId: ben.call.id, target: 'sip:+19005550100@pbx.example.com', status: 'asking', expiresAt: 1_020_000 });
    // Nothing is dialled before Ana says yes.
    expect(dialled).toEqual([]);
  });

  it('Ana declines: the final sipfrag says 603 and the question is settled', () => {
    const { transferee, requests, talkingTo } = desk();
    const ben = talkingTo('<sip:1002@pbx.example.com>;tag=1');
    ben.referNow('<sip:2002@pbx.example.com>');
    const asked = requests[0];
    if (asked === undefined) throw new Error('Ana was not asked');

    transferee.answer(ben.call, asked.id, false);
    expect(requests.map((request) => request.status)).toEqual(['asking', 'declined']);
    expect(ben.notifies.at(-1)).toBe('SIP/2.0 603 Declined | Event: refer | Subscription-State: terminated;reason=noresource');
    // The question is closed: answering it again is refused.
    expect(() => transferee.answer(ben.call, asked.id, true)).toThrow();
  });

  it('Ana does not answer within 20 s: declined as expired', () => {
    const { clock, requests, talkingTo } = desk();
    const ben = talkingTo('<sip:1002@pbx.example.com>;tag=1');
    ben.referNow('<sip:2002@pbx.example.com>');
    clock.advance(19_999);
    expect(requests.map((request) => request.status)).toEqual(['asking']);
    clock.advance(1);
    expect(requests.map((request) => request.status)).toEqual(['asking', 'expired']);
    expect(ben.notifies.at(-1)).toMatch(/^SIP\/2\.0 603 Declined/);
  });

  it('a second REFER while Ana is being asked gets 491; withdrawing the question sends no NOTIFY and stops the timer', () => {
    const { transferee, clock, requests, talkingTo } = desk();
    const ben = talkingTo('<sip:1002@pbx.example.com>;tag=1');
    ben.referNow('<sip:2002@pbx.example.com>');
    expect(ben.referNow('<sip:2003@pbx.example.com>').answers).toEqual([491]);

    transferee.withdraw(ben.call);
    expect(requests.map((request) => request.status)).toEqual(['asking', 'withdrawn']);
    expect(ben.notifies).toHaveLength(1);
    expect(clock.pending()).toBe(0);
  });
});
