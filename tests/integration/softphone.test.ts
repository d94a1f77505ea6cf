/**
 * The softphone's signalling against real peers: Kamailio (SIP over WebSocket
 * for Ana's core, UDP for the phones) and baresip as the customer's phone and
 * as Ben, a colleague. Ana's core is built with createCore, so every action
 * goes through the contract exactly as the desk sends it; a Node test media
 * engine answers the media requests with plain-RTP SDP (no rtpengine here).
 *
 * Run inside a loopback-only namespace:
 *   unshare -n bash -c 'ip link set lo up && npx vitest run --project integration tests/integration/softphone.test.ts'
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallInfo, SoftphoneSnapshot } from '@tandem/contract';
import { startBaresip, type Baresip } from '../peers/baresip';
import { startKamailio, type Kamailio } from '../peers/kamailio';
import { assertLoopbackOnly } from '../peers/netns';
import { runSipp } from '../peers/sipp';
import { openDesk as openSoftphoneDesk, type Desk } from './support/softphoneDesk';
import { sdpDirection } from './support/testMediaEngine';
import { step } from './support/step';

const CUSTOMER = '2125550123'; // a US number as the user part: the desk shows +12125550123
const USERS = { '1001': 'pw1001', '1002': 'pw1002', [CUSTOMER]: 'pwcust', '1003': 'pw1003' };

let kamailio: Kamailio;
const desks: Desk[] = [];
const phones: Baresip[] = [];

async function openDesk(user: string, password: string): Promise<Desk> {
  const desk = await openSoftphoneDesk(kamailio, user, password, { displayName: 'Ana R.' });
  desks.push(desk);
  return desk;
}

async function phone(user: string, options: { answerMode?: 'auto' | 'manual'; displayName?: string } = {}): Promise<Baresip> {
  const started = await startBaresip({
    user,
    password: USERS[user as keyof typeof USERS],
    registrar: { host: kamailio.host, udpPort: kamailio.udpPort },
    answerMode: options.answerMode ?? 'auto',
    ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
  });
  phones.push(started);
  return started;
}

async function ok<T>(result: Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`request failed: ${JSON.stringify(settled.error)}`);
  return settled.value as T;
}

async function registeredAna(): Promise<Desk> {
  const ana = await openDesk('1001', 'pw1001');
  await ana.events.registration('registered');
  return ana;
}

/** Ana calls a phone and waits until the call is up at both ends. */
async function anaCalls(ana: Desk, target: Baresip): Promise<CallInfo> {
  const mark = ana.events.mark;
  const { callId } = await ok<{ callId: string }>(ana.core.dispatch('softphone:dial', { target: target.sipUri }));
  await target.waitForEvent('CALL_ESTABLISHED');
  return ana.events.call((info) => info.id === callId && info.state === 'active', { from: mark });
}

beforeAll(async () => {
  assertLoopbackOnly();
  kamailio = await startKamailio({ users: USERS });
});

afterEach(async () => {
  for (const desk of desks.splice(0)) await desk.dispose();
  for (const started of phones.splice(0)) await started.stop();
});

afterAll(async () => {
  await kamailio?.stop();
});

describe('Ana’s softphone against Kamailio and baresip', () => {
  it('Ana registers and the desk shows registered with an expiry', async () => {
    const openedAt = Date.now();
    const ana = await openDesk('1001', 'pw1001');
    const status = await ana.events.registration('registered');
    const firstRegisterMs = Date.now() - openedAt;
    expect(status.expiresAt).toBeGreaterThan(Date.now() + 60_000);
    expect(status.nextRetryAt).toBeNull();
    // The first state changes happen while createCore runs (before any window listens): a window reads them with getState.
    expect(
      ana.events
        .registrations()
        .map((s) => s.state)
        .slice(-2),
    ).toEqual(['registering', 'registered']);

    // A refresh on request: REGISTER → 401 → REGISTER with digest → 200 over the open WebSocket.
    const samples: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      const sentAt = performance.now();
      await ok(ana.core.dispatch('softphone:register', {}));
      samples.push(performance.now() - sentAt);
    }
    const snapshot = await ok<{ registration: { state: string } }>(ana.core.dispatch('softphone:getState', {}));
    expect(snapshot.registration.state).toBe('registered');
    console.info(
      `[measure] first registration (WS connect + REGISTER/401/REGISTER/200): ${firstRegisterMs} ms; ` +
        `refresh REGISTER round trip (with challenge) median ${samples.sort((a, b) => a - b)[2]?.toFixed(1)} ms`,
    );
  });

  it('baresip calls Ana: her call rings with the caller’s number, she answers, both hang up', async () => {
    const ana = await registeredAna();
    const customer = await phone(CUSTOMER, { displayName: 'Carla Customer' });
    const ringing = await step('baresip calls Ana: her call rings with the caller’s number and name, media prepared once', async () => {
      await customer.dial('sip:1001@127.0.0.1');
      const call = await ana.events.call((info) => info.state === 'ringing');
      expect(call.direction).toBe('inbound');
      expect(call.remote.number).toBe('+12125550123');
      expect(call.remote.displayName).toBe('Carla Customer');
      expect(ana.media.ops(call.id, 'prepare')).toHaveLength(1);
      return call;
    });

    await step('Ana answers: the call is active and her media produced the answer', async () => {
      await ok(ana.core.dispatch('softphone:answer', { callId: ringing.id }));
      await ana.events.call((info) => info.id === ringing.id && info.state === 'active');
      await customer.waitForEvent('CALL_ESTABLISHED');
      expect(ana.media.produced.find((d) => d.callId === ringing.id)?.kind).toBe('answer');
    });

    await step('the customer hangs up: the call ends answered and its media is closed', async () => {
      await customer.hangup();
      const ended = await ana.events.call((info) => info.id === ringing.id && info.state === 'ended');
      expect(ended.outcome).toBe('answered');
      expect(ana.media.ops(ringing.id, 'close').length).toBeGreaterThanOrEqual(1);
      // A window that was away when it ended reads the same end from main's snapshot.
      expect((await ok<SoftphoneSnapshot>(ana.core.dispatch('softphone:getState', {}))).ended).toContainEqual(ended);
    });

    await step('the customer calls again and this time Ana hangs up', async () => {
      await customer.dial('sip:1001@127.0.0.1');
      const second = await ana.events.call((info) => info.state === 'ringing' && info.id !== ringing.id);
      await ok(ana.core.dispatch('softphone:answer', { callId: second.id }));
      await customer.waitForEvent('CALL_ESTABLISHED');
      await ok(ana.core.dispatch('softphone:hangup', { callId: second.id }));
      await customer.waitForEvent('CALL_CLOSED');
      expect((await ana.events.call((info) => info.id === second.id && info.state === 'ended')).outcome).toBe('answered');
    });
  });

  it('Ana calls the customer’s phone and hangs up', async () => {
    const ana = await registeredAna();
    const customer = await phone(CUSTOMER);
    const call = await anaCalls(ana, customer);
    expect(call.direction).toBe('outbound');
    expect(call.remote.number).toBe('+12125550123');
    await ok(ana.core.dispatch('softphone:hangup', { callId: call.id }));
    await customer.waitForEvent('CALL_CLOSED');
    expect((await ana.events.call((info) => info.id === call.id && info.state === 'ended')).outcome).toBe('answered');
  });

  it('a pasted national number goes out as sip:+E164 and an unknown one ends as failed/notFound', async () => {
    const ana = await registeredAna();
    const { callId } = await ok<{ callId: string }>(ana.core.dispatch('softphone:dial', { target: '(212) 555-0199' }));
    const ended = await ana.events.call((info) => info.id === callId && info.state === 'ended');
    expect(ended.remote.uri).toBe('sip:+12125550199@127.0.0.1');
    expect(ended.outcome).toBe('failed');
    expect(ended.reasonKey).toBe('softphone.errors.notFound');
    const bad = await ana.core.dispatch('softphone:dial', { target: 'call my cousin' });
    expect(bad).toMatchObject({ ok: false, error: { messageKey: 'softphone.errors.badNumber' } });
  });

  it('Ana declines: the phone hears 486', async () => {
    const ana = await registeredAna();
    const customer = await phone(CUSTOMER);
    await customer.dial('sip:1001@127.0.0.1');
    const ringing = await ana.events.call((info) => info.state === 'ringing');
    await ok(ana.core.dispatch('softphone:decline', { callId: ringing.id }));
    const closed = await customer.waitForEvent('CALL_CLOSED');
    expect(closed.param ?? '').toMatch(/486/);
    const ended = await ana.events.call((info) => info.id === ringing.id && info.state === 'ended');
    expect(ended.outcome).toBe('declined');
  });

  it('Ana cancels while it rings', async () => {
    const ana = await registeredAna();
    const customer = await phone(CUSTOMER, { answerMode: 'manual' });
    const mark = ana.events.mark;
    const { callId } = await ok<{ callId: string }>(ana.core.dispatch('softphone:dial', { target: customer.sipUri }));
    await ana.events.call((info) => info.id === callId && info.state === 'ringing', { from: mark });
    await ok(ana.core.dispatch('softphone:hangup', { callId }));
    await customer.waitForEvent('CALL_CLOSED');
    const ended = await ana.events.call((info) => info.id === callId && info.state === 'ended', { from: mark });
    expect(ended.outcome).toBe('cancelled');
  });

  it('hold and resume send re-INVITEs (sendonly/sendrecv in the SDP)', async () => {
    const ana = await registeredAna();
    const customer = await phone(CUSTOMER);
    const call = await anaCalls(ana, customer);

    await ok(ana.core.dispatch('softphone:hold', { callId: call.id }));
    await ana.events.call((info) => info.id === call.id && info.state === 'held');
    const holdOffer = ana.media.produced.filter((d) => d.callId === call.id).at(-1);
    expect(holdOffer).toMatchObject({ kind: 'offer', direction: 'sendonly' });
    expect(sdpDirection(ana.media.applied.filter((a) => a.callId === call.id).at(-1)?.sdp ?? '')).toBe('recvonly');

    await ok(ana.core.dispatch('softphone:resume', { callId: call.id }));
    await ana.events.call((info) => info.id === call.id && info.state === 'active', { from: ana.events.mark - 1 });
    expect(ana.media.produced.filter((d) => d.callId === call.id).at(-1)).toMatchObject({ kind: 'offer', direction: 'sendrecv' });
    expect(sdpDirection(ana.media.applied.filter((a) => a.callId === call.id).at(-1)?.sdp ?? '')).toBe('sendrecv');
    await ok(ana.core.dispatch('softphone:hangup', { callId: call.id }));
  });

  it('DTMF reaches the media engine, and SIP INFO carries it when the engine cannot', async () => {
    const ana = await registeredAna();
    const customer = await phone(CUSTOMER);
    const call = await anaCalls(ana, customer);
    await ok(ana.core.dispatch('softphone:sendDtmf', { callId: call.id, tones: '12#' }));
    expect(ana.media.ops(call.id, 'dtmf').map((r) => r.operation)).toEqual([{ op: 'dtmf', tones: '12#' }]);

    ana.media.refuseDtmf = true;
    await ok(ana.core.dispatch('softphone:sendDtmf', { callId: call.id, tones: '7' }));
    await customer.waitForEvent('CALL_DTMF_START', { where: (event) => event.param === '7' });
    await ok(ana.core.dispatch('softphone:setMuted', { callId: call.id, muted: true }));
    expect((await ana.events.call((info) => info.id === call.id && info.muted)).state).toBe('active');
    await ok(ana.core.dispatch('softphone:hangup', { callId: call.id }));
  });

  it('blind transfer to Ben completes after the final NOTIFY', async () => {
    const ana = await registeredAna();
    const customer = await phone(CUSTOMER);
    const ben = await phone('1002');
    const call = await anaCalls(ana, customer);
    await ok(ana.core.dispatch('softphone:blindTransfer', { callId: call.id, target: ben.sipUri }));
    await ben.waitForEvent('CALL_ESTABLISHED');
    const ended = await ana.events.call((info) => info.id === call.id && info.state === 'ended');
    expect(ended.outcome).toBe('transferred');
  });

  it('wrong password → credentials-rejected and no retry storm', async () => {
    const ana = await openDesk('1001', 'not-the-password');
    const rejected = await ana.events.registration('credentials-rejected');
    expect(rejected.lastErrorKey).toBe('softphone.errors.credentialsRejected');
    expect(rejected.nextRetryAt).toBeNull();
    const attemptsBefore = ana.events.registrations().filter((s) => s.state === 'connecting').length;
    // A network change is no reason to hammer the registrar with a bad password.
    ana.core.softphone.networkChanged();
    // Only an explicit register() tries again, once, and fails the same way.
    const again = await ana.core.dispatch('softphone:register', {});
    expect(again).toMatchObject({ ok: false, error: { messageKey: 'softphone.errors.credentialsRejected' } });
    const attemptsAfter = ana.events.registrations().filter((s) => s.state === 'connecting').length;
    expect(attemptsAfter - attemptsBefore).toBe(1);
    expect(ana.core.softphone.snapshot().registration.state).toBe('credentials-rejected');
  });

  it('Kamailio killed and restarted → back to registered within 10 s, with the intermediate states observed', async () => {
    const ana = await registeredAna();
    const mark = ana.events.mark;
    const killedAt = Date.now();
    await kamailio.process.stop();
    await ana.events.registration('backoff', { from: mark, timeoutMs: 5000 });
    await kamailio.restart();
    const upAt = Date.now();
    const back = await ana.events.registration('registered', { from: mark, timeoutMs: 10_000 });
    const registeredAt = Date.now();
    const states = ana.events.registrations(mark).map((s) => s.state);
    expect(states).toContain('backoff');
    expect(states).toContain('connecting');
    expect(states).toContain('registering');
    expect(back.expiresAt).toBeGreaterThan(registeredAt);
    const retries = ana.events.registrations(mark).filter((s) => s.state === 'backoff');
    for (const retry of retries) expect(retry.nextRetryAt).not.toBeNull();
    console.info(
      `[measure] Kamailio restart → registered: ${registeredAt - killedAt} ms from kill, ${registeredAt - upAt} ms after Kamailio answered again; states: ${states.join(' → ')}`,
    );
  });

  it('the renderer reloads mid-call → main re-INVITEs and the fresh media engine’s offer is accepted', async () => {
    const ana = await registeredAna();
    const customer = await phone(CUSTOMER);
    const call = await anaCalls(ana, customer);
    ana.media.forgetAll();
    const before = ana.media.produced.length;
    await ok(ana.core.dispatch('media:ready', {}));
    const renegotiated = ana.media.produced.slice(before).filter((d) => d.callId === call.id);
    expect(renegotiated).toMatchObject([{ kind: 'offer', direction: 'sendrecv', iceRestart: false }]);
    expect(ana.core.softphone.snapshot().calls.find((info) => info.id === call.id)?.state).toBe('active');
    await ok(ana.core.dispatch('softphone:hangup', { callId: call.id }));
    await customer.waitForEvent('CALL_CLOSED');
  });

  it('the connection drops mid-call → after reconnecting, an ICE-restart re-INVITE keeps the call', async () => {
    const ana = await registeredAna();
    const customer = await phone(CUSTOMER);
    const call = await anaCalls(ana, customer);
    const mark = ana.events.mark;
    const before = ana.media.produced.length;
    ana.core.softphone.networkChanged();
    await ana.events.registration('registered', { from: mark });
    await vi.waitFor(() => {
      expect(ana.media.produced.slice(before).filter((d) => d.callId === call.id && d.iceRestart)).toHaveLength(1);
    });
    await vi.waitFor(() => expect(ana.media.applied.filter((a) => a.callId === call.id).length).toBeGreaterThanOrEqual(2));
    // The far end still reaches Ana over the new connection: its BYE ends her call.
    await customer.hangup();
    expect((await ana.events.call((info) => info.id === call.id && info.state === 'ended')).outcome).toBe('answered');
  });

  it('sipp sends malformed requests → Ana’s core still answers and stays registered', async () => {
    const ana = await registeredAna();
    const mark = ana.events.mark;
    await runSipp({ scenario: 'malformed.xml', target: { host: kamailio.host, port: kamailio.udpPort }, service: '1001', timeoutMs: 20_000 });
    // Whatever rang, rang with inert, bounded text.
    for (const info of ana.events.calls(mark)) {
      expect(info.remote.displayName).not.toMatch(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u);
      expect([...new Intl.Segmenter().segment(info.remote.displayName)].length).toBeLessThanOrEqual(128);
    }
    const state = await ok<{ registration: { state: string } }>(ana.core.dispatch('softphone:getState', {}));
    expect(state.registration.state).toBe('registered');
    // And a normal call still gets through.
    const customer = await phone(CUSTOMER);
    await customer.dial('sip:1001@127.0.0.1');
    const ringing = await ana.events.call((info) => info.state === 'ringing' && info.remote.number === '+12125550123', { from: mark });
    await ok(ana.core.dispatch('softphone:decline', { callId: ringing.id }));
    await ok(ana.core.dispatch('softphone:register', {}));
  });
});
