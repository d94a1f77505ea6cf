/**
 * The call manager is the registry of Ana's calls: it tracks each sip.js
 * session as a Call, routes what the far end sends (ACK, REFER, the end of
 * the session) to the right module, and exposes the contract's controls.
 * The far ends are fake sip.js Invitations (support/farEnd.ts).
 */
import type { UserAgent } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import { CallManager } from '../../../main/core/softphone/calls/callManager';
import { ENDED_CALLS_KEPT } from '../../../main/core/softphone/calls/endedCalls';
import { DEFAULT_TRANSFER_RULES } from '../../../main/core/softphone/calls/referPolicy';
import { StandbyMedia } from '../../../main/core/softphone/calls/standbyMedia';
import type { MediaBroker } from '../../../main/core/softphone/media/mediaBroker';
import { SoftphoneSnapshot, type CallInfo, type TransferRequest } from '@tandem/contract';
import { farEnd, type FarEnd } from './support/farEnd';
import { manualClock } from './support/manualClock';

function desk() {
  const clock = manualClock();
  const calls: CallInfo[] = [];
  const requests: TransferRequest[] = [];
  const prepared: string[] = [];
  const broker = { notify: (id: string, operation: { op: string }) => void prepared.push(`${operation.op} ${id}`) } as unknown as MediaBroker;
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
    transferRules: { domain: 'pbx.example.com', defaultRegion: 'US', ...DEFAULT_TRANSFER_RULES },
  });
  /** A call from `from` that Ana is talking on (answered, ACK received). */
  const talkingTo = (from: string): FarEnd & { callId: string } => {
    const far = farEnd(from);
    manager.incoming(far.invitation);
    far.establish();
    far.ack();
    const callId = calls.at(-1)?.id ?? '';
    expect(calls.at(-1)?.state).toBe('active');
    return { ...far, callId };
  };
  return { manager, calls, requests, prepared, talkingTo };
}

describe('Ana’s calls in the registry', () => {
  it('a call rings: listed as ringing, and its media is prepared in the engine', () => {
    const { manager, prepared } = desk();
    manager.incoming(farEnd('"Carla" <sip:+12125550123@pbx.example.com>;tag=1').invitation);
    const [ringing] = manager.list();
    expect(ringing).toMatchObject({ direction: 'inbound', state: 'ringing', outcome: null });
    expect(prepared).toEqual([`prepare ${ringing?.id}`]);
  });

  it('a control on a call that is not there is refused by name', async () => {
    const { manager } = desk();
    await expect(manager.hold('no-such-call')).rejects.toMatchObject({ messageKey: 'softphone.errors.noSuchCall' });
    await expect(manager.answerTransferRequest('no-such-call', 'r', true)).rejects.toMatchObject({ messageKey: 'softphone.errors.noSuchCall' });
  });

  it('the session ends: the call leaves the list and the desk hears its outcome', async () => {
    const { manager, calls, talkingTo } = desk();
    const ben = talkingTo('<sip:1002@pbx.example.com>;tag=1');
    ben.terminate();
    await Promise.resolve();
    expect(manager.list()).toEqual([]);
    expect(calls.at(-1)).toMatchObject({ id: ben.callId, state: 'ended', outcome: 'answered' });
  });
});

describe('the calls that ended lately, kept for a window that was away when they ended', () => {
  it('each end is kept as the desk heard it, oldest first, and only the last 50: main never grows with the shift', async () => {
    const { manager, calls, talkingTo } = desk();

    // Step 1: Ben hangs up. The call leaves the list, and its end is kept exactly as the 'ended' event said it.
    const ben = talkingTo('<sip:1002@pbx.example.com>;tag=1');
    ben.terminate();
    await Promise.resolve();
    const benEnded = calls.at(-1);
    expect(benEnded).toMatchObject({ id: ben.callId, state: 'ended', outcome: 'answered' });
    expect(manager.list()).toEqual([]);
    expect(manager.ended.list()).toEqual([benEnded]);

    // Step 2: a busy hour: 50 more callers give up while ringing. Main keeps the 50 latest ends; Ben's, the oldest, goes.
    for (let caller = 0; caller < ENDED_CALLS_KEPT; caller += 1) {
      const far = farEnd(`<sip:+1212555${String(caller).padStart(4, '0')}@pbx.example.com>;tag=${caller}`);
      manager.incoming(far.invitation);
      far.terminate();
      await Promise.resolve();
    }
    const kept = manager.ended.list();
    const endedEvents = calls.filter((info) => info.state === 'ended');
    expect(kept).toHaveLength(ENDED_CALLS_KEPT);
    expect(kept).toEqual(endedEvents.slice(-ENDED_CALLS_KEPT));
    expect(kept.map((info) => info.id)).not.toContain(ben.callId);

    // Step 3: what a window reads parses as the snapshot's `ended`, and each is an end: its state, time and outcome.
    expect(() => SoftphoneSnapshot.shape.ended.parse(kept)).not.toThrow();
    expect(kept.every((info) => info.state === 'ended' && info.endedAt !== null && info.outcome !== null)).toBe(true);
  });
});

describe('holding and renegotiating', () => {
  it('Ana holds: the call is `held`, and a media restart re-offers it on hold; she resumes: active, re-offered unheld', async () => {
    const { manager, talkingTo } = desk();
    const ben = talkingTo('<sip:1002@pbx.example.com>;tag=1');

    const holdSent = ben.nextReinvite();
    const holding = manager.hold(ben.callId);
    (await holdSent).answer(200);
    await holding;
    expect(manager.list()[0]?.state).toBe('held');

    const restartSent = ben.nextReinvite();
    const renegotiating = manager.renegotiateAll('media-restarted');
    (await restartSent).answer(200);
    await renegotiating;
    expect(ben.reinvites.map((sent) => sent.options)).toEqual([{ hold: true }, { hold: true, iceRestart: false }]);

    const resumeSent = ben.nextReinvite();
    const resuming = manager.resume(ben.callId);
    (await resumeSent).answer(200);
    await resuming;
    expect(manager.list()[0]?.state).toBe('active');
    expect(ben.reinvites.at(-1)?.options).toEqual({ hold: false });
  });
});

describe('a REFER from the far end reaches the transfer policy', () => {
  it('from Ben, a teammate’s extension: Ana is asked; the call ending withdraws the question', async () => {
    const { requests, talkingTo } = desk();
    const ben = talkingTo('<sip:1002@pbx.example.com>;tag=1');
    expect(ben.refer('<sip:2002@pbx.example.com>').answers).toEqual([202]);
    expect(requests.map((request) => request.status)).toEqual(['asking']);

    ben.terminate();
    await Promise.resolve();
    expect(requests.map((request) => request.status)).toEqual(['asking', 'withdrawn']);
    // The dialog is gone: no NOTIFY after the 100 Trying.
    expect(ben.notifies).toHaveLength(1);
  });
});
