/**
 * Ana answers a call and the far end sends a REFER: what the call manager
 * answers, what it tells the desk, and what it NOTIFYs, for each decision of
 * the policy. The far end is a fake sip.js Invitation (an object on
 * Invitation's prototype, so the manager reads its INVITE's From as it does a
 * real one's) and a fake Referral; nothing here dials (following a REFER is
 * proven against Kamailio in tests/integration/softphone-refer.test.ts).
 */
import { Invitation, SessionState, type Referral, type UserAgent } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { CallManager } from '../../../main/core/softphone/calls/callManager';
import { StandbyMedia } from '../../../main/core/softphone/calls/standbyMedia';
import { DEFAULT_TRANSFER_RULES } from '../../../main/core/softphone/calls/referPolicy';
import { silentLogger } from '../../../main/core/log/logger';
import type { MediaBroker } from '../../../main/core/softphone/media/mediaBroker';
import type { Clock } from '../../../main/core/time/clock';
import type { CallInfo, TransferRequest } from '../../../preload/contract';

/** Timers that run only when the test says time has passed. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = 1_000_000;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 0;
  return {
    now: () => now,
    setTimeout: (run, ms) => {
      next += 1;
      timers.set(next, { at: now + ms, run });
      return next;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.run();
        }
      }
    },
  };
}

interface FarEnd {
  readonly invitation: Invitation;
  readonly notifies: string[];
  establish(): void;
  terminate(): void;
  /** The far end sends REFER with this Refer-To; returns what our side answered. */
  refer(referTo: string): { answers: number[] };
}

/** A call from `from` (a From header value), as sip.js would hand it to `incoming`. */
function farEnd(from: string): FarEnd {
  const listeners: Array<(state: SessionState) => void> = [];
  const states = { addListener: (listener: (state: SessionState) => void) => void listeners.push(listener) };
  const emit = (state: SessionState): void => listeners.forEach((listener) => listener(state));
  const notifies: string[] = [];
  const invitation = Object.create(Invitation.prototype) as Invitation;
  const define = (name: string, value: unknown): void => void Object.defineProperty(invitation, name, { value, writable: true });
  define('id', `session-${from}`);
  define('delegate', undefined);
  define('stateChange', states);
  define('request', { getHeader: (name: string) => (name.toLowerCase() === 'from' ? from : undefined) });
  define('remoteIdentity', { uri: { toString: () => from, user: undefined }, displayName: '' });
  define('replacee', undefined);
  define('sessionDescriptionHandler', undefined);
  define('dialog', {
    notify: (_delegate: unknown, options: { extraHeaders: string[]; body: { content: string } }) => {
      notifies.push(`${options.body.content} | ${options.extraHeaders.join(' | ')}`);
    },
  });
  return {
    invitation,
    notifies,
    establish: () => emit(SessionState.Established),
    terminate: () => emit(SessionState.Terminated),
    refer(referTo) {
      const answers: number[] = [];
      const referral = {
        request: { getHeader: (name: string) => (name.toLowerCase() === 'refer-to' ? referTo : undefined) },
        referredBy: undefined,
        accept: () => {
          answers.push(202);
          return Promise.resolve();
        },
        reject: (options: { statusCode: number }) => {
          answers.push(options.statusCode);
          return Promise.resolve();
        },
      } as unknown as Referral;
      invitation.delegate?.onRefer?.(referral);
      return { answers };
    },
  };
}

function desk() {
  const clock = manualClock();
  const calls: CallInfo[] = [];
  const requests: TransferRequest[] = [];
  const broker = { notify: () => undefined } as unknown as MediaBroker;
  const manager = new CallManager({
    userAgent: () => ({}) as UserAgent,
    broker,
    standby: new StandbyMedia({ broker, clock }),
    clock,
    log: silentLogger,
    defaultRegion: 'US',
    domain: 'pbx.example.com',
    onCall: (info) => calls.push(info),
    onTransferRequest: (request) => requests.push(request),
    transferRules: { domain: 'pbx.example.com', defaultRegion: 'US', ...DEFAULT_TRANSFER_RULES, allowPhoneNumbers: true },
    transferConsentMs: 20_000,
  });
  /** A call from `from` that Ana is talking on. */
  const talkingTo = (from: string): FarEnd & { callId: string } => {
    const far = farEnd(from);
    manager.incoming(far.invitation);
    far.establish();
    const callId = calls.at(-1)?.id ?? '';
    expect(calls.at(-1)?.state).toBe('active');
    return { ...far, callId };
  };
  return { manager, clock, calls, requests, talkingTo };
}

describe('a REFER on a call Ana is talking on', () => {
  it('from a customer calling from a number: 603 at once, no question for Ana, no NOTIFY', () => {
    const { requests, talkingTo } = desk();
    const customer = talkingTo('"Carla" <sip:+12125550123@pbx.example.com>;tag=1');
    expect(customer.refer('<sip:1002@pbx.example.com>').answers).toEqual([603]);
    expect(requests).toEqual([]);
    expect(customer.notifies).toEqual([]);
  });

  it('from Ben to a number with maddr: 202 and a 100 Trying NOTIFY, and Ana is asked about the stripped target', () => {
    const { requests, talkingTo } = desk();
    const ben = talkingTo('"Ben K." <sip:1002@pbx.example.com>;tag=1');
    expect(ben.refer('<sip:+19005550100@pbx.example.com;maddr=203.0.113.9;transport=udp>').answers).toEqual([202]);
    expect(ben.notifies).toEqual(['SIP/2.0 100 Trying | Event: refer | Subscription-State: active;expires=60']);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ callId: ben.callId, target: 'sip:+19005550100@pbx.example.com', status: 'asking', expiresAt: 1_020_000 });
  });

  it('Ana declines: the final sipfrag says 603 and the question is settled', async () => {
    const { manager, requests, talkingTo } = desk();
    const ben = talkingTo('<sip:1002@pbx.example.com>;tag=1');
    ben.refer('<sip:2002@pbx.example.com>');
    const asked = requests[0];
    if (asked === undefined) throw new Error('Ana was not asked');

    await manager.answerTransferRequest(ben.callId, asked.id, false);
    expect(requests.map((request) => request.status)).toEqual(['asking', 'declined']);
    expect(ben.notifies.at(-1)).toBe('SIP/2.0 603 Declined | Event: refer | Subscription-State: terminated;reason=noresource');
    // The question is closed: answering it again is refused.
    await expect(manager.answerTransferRequest(ben.callId, asked.id, true)).rejects.toThrow();
  });

  it('Ana does not answer within 20 s: declined as expired', () => {
    const { clock, requests, talkingTo } = desk();
    const ben = talkingTo('<sip:1002@pbx.example.com>;tag=1');
    ben.refer('<sip:2002@pbx.example.com>');
    clock.advance(19_999);
    expect(requests.map((request) => request.status)).toEqual(['asking']);
    clock.advance(1);
    expect(requests.map((request) => request.status)).toEqual(['asking', 'expired']);
    expect(ben.notifies.at(-1)).toMatch(/^SIP\/2\.0 603 Declined/);
  });

  it('a second REFER while Ana is being asked gets 491; the call ending withdraws the question', async () => {
    const { requests, talkingTo } = desk();
    const ben = talkingTo('<sip:1002@pbx.example.com>;tag=1');
    ben.refer('<sip:2002@pbx.example.com>');
    expect(ben.refer('<sip:2003@pbx.example.com>').answers).toEqual([491]);

    ben.terminate();
    await Promise.resolve();
    expect(requests.map((request) => request.status)).toEqual(['asking', 'withdrawn']);
    // The dialog is gone: no NOTIFY after the 100 Trying.
    expect(ben.notifies).toHaveLength(1);
  });
});
