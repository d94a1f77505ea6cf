/**
 * Call waiting and the hold retry, against real peers through Kamailio: Ana
 * is a core (createCore with the Node test media engine, over WebSocket); the
 * customers are baresip phones over UDP; the far end that refuses a hold
 * re-INVITE with 500 + Retry-After is a sipp UAS (tests/peers/sipp/uas-500-retry.xml).
 *
 * Run inside a loopback-only namespace:
 *   unshare -n bash -c 'ip link set lo up && npx vitest run --project integration tests/integration/softphone-waiting.test.ts'
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBaresip, type Baresip } from '../peers/baresip';
import { startKamailio, type Kamailio } from '../peers/kamailio';
import { assertLoopbackOnly } from '../peers/netns';
import { startSipp, type SippRun } from '../peers/sipp';
import { isRequest, sipHeader, SipTrace } from './support/sipTrace';
import { listedCalls, ok, openRegisteredDesk, type Desk } from './support/softphoneDesk';
import { sdpDirection } from './support/testMediaEngine';
import { step } from './support/step';

const CUSTOMER_A = '2125550123';
const CUSTOMER_B = '2125550188';
const USERS = { '1001': 'pw1001', [CUSTOMER_A]: 'pwcustA', [CUSTOMER_B]: 'pwcustB' };

const trace = new SipTrace();
trace.install();

let kamailio: Kamailio;
const desks: Desk[] = [];
const phones: Baresip[] = [];
const sipps: SippRun[] = [];

async function ana(): Promise<Desk> {
  const desk = await openRegisteredDesk(kamailio, '1001', USERS['1001'], { displayName: 'Ana' });
  desks.push(desk);
  return desk;
}

async function phone(user: typeof CUSTOMER_A | typeof CUSTOMER_B, displayName: string): Promise<Baresip> {
  const started = await startBaresip({
    user,
    password: USERS[user],
    registrar: { host: kamailio.host, udpPort: kamailio.udpPort },
    answerMode: 'auto',
    displayName,
  });
  phones.push(started);
  return started;
}

/** The last description Ana's engine produced for a call, and the last remote one it applied. */
function lastMedia(desk: Desk, callId: string): { produced: string | undefined; remote: string | undefined } {
  const produced = desk.media.produced.filter((d) => d.callId === callId).at(-1);
  const applied = desk.media.applied.filter((a) => a.callId === callId).at(-1);
  return {
    produced: produced === undefined ? undefined : `${produced.kind}:${produced.direction}`,
    remote: applied === undefined ? undefined : sdpDirection(applied.sdp),
  };
}

beforeAll(async () => {
  assertLoopbackOnly();
  kamailio = await startKamailio({ users: USERS });
});

afterEach(async (context) => {
  trace.afterStory(context.task.result?.state === 'fail');
  for (const desk of desks.splice(0)) await desk.dispose();
  for (const started of phones.splice(0)) await started.stop();
  for (const run of sipps.splice(0)) await run.stop();
});

afterAll(async () => {
  await kamailio?.stop();
});

describe('call waiting', () => {
  it('while Ana talks to A, B calls: both listed; answering B holds A; resuming A holds B; she hangs up both', async () => {
    const desk = await ana();
    const a = await phone(CUSTOMER_A, 'Alice A');
    const b = await phone(CUSTOMER_B, 'Bruno B');

    const ringingA = await step('A calls and Ana answers', async () => {
      await a.dial(`sip:1001@${kamailio.domain}`);
      const ringing = await desk.events.call((info) => info.state === 'ringing' && info.remote.number === '+12125550123');
      await ok(desk.core.dispatch('softphone:answer', { callId: ringing.id }));
      await desk.events.call((info) => info.id === ringing.id && info.state === 'active');
      await a.waitForEvent('CALL_ESTABLISHED');
      return ringing;
    });

    const ringingB = await step('B calls while Ana talks to A: the desk lists both, A still active', async () => {
      await b.dial(`sip:1001@${kamailio.domain}`);
      const ringing = await desk.events.call((info) => info.state === 'ringing' && info.remote.number === '+12125550188');
      expect(new Map((await listedCalls(desk)).map((info) => [info.id, info.state]))).toEqual(
        new Map([
          [ringingA.id, 'active'],
          [ringing.id, 'ringing'],
        ]),
      );
      return ringing;
    });

    await step('Ana answers B: A goes on hold first (sendonly re-INVITE answered recvonly), then B is active', async () => {
      const mark = desk.events.mark;
      await ok(desk.core.dispatch('softphone:answer', { callId: ringingB.id }));
      await desk.events.call((info) => info.id === ringingA.id && info.state === 'held', { from: mark });
      await desk.events.call((info) => info.id === ringingB.id && info.state === 'active', { from: mark });
      await b.waitForEvent('CALL_ESTABLISHED');
      expect(lastMedia(desk, ringingA.id)).toEqual({ produced: 'offer:sendonly', remote: 'recvonly' });
      const holdOfA = trace.of('1001', 'out').filter((message) => isRequest(message, 'INVITE') && message.text.includes('a=sendonly'));
      expect(holdOfA).toHaveLength(1);
      const callIdA = sipHeader(
        trace.of('1001', 'in').find((message) => isRequest(message, 'INVITE') && message.text.includes(`sip:${CUSTOMER_A}@`))?.text ?? '',
        'Call-ID',
        'i',
      );
      expect(sipHeader(holdOfA[0]?.text ?? '', 'Call-ID', 'i')).toBe(callIdA);
    });

    await step('on the wire, A’s hold was answered before B got its 200; A is held and B active', async () => {
      const holdAnswered = trace.of('1001', 'in').findIndex((message) => /^SIP\/2\.0 200/.test(message.text) && message.text.includes('a=recvonly'));
      const bAnswered = trace
        .of('1001', 'out')
        .find((message) => /^SIP\/2\.0 200/.test(message.text) && message.text.includes(`sip:${CUSTOMER_B}@`) && /CSeq: \d+ INVITE/.test(message.text));
      expect(holdAnswered).toBeGreaterThanOrEqual(0);
      expect(trace.of('1001', 'in')[holdAnswered]?.at ?? Infinity).toBeLessThanOrEqual(bAnswered?.at ?? -Infinity);
      expect(new Map((await listedCalls(desk)).map((info) => [info.id, info.state]))).toEqual(
        new Map([
          [ringingA.id, 'held'],
          [ringingB.id, 'active'],
        ]),
      );
    });

    await step('Ana resumes A: the lines swap, B goes on hold and A talks again', async () => {
      const mark = desk.events.mark;
      await ok(desk.core.dispatch('softphone:resume', { callId: ringingA.id }));
      await desk.events.call((info) => info.id === ringingB.id && info.state === 'held', { from: mark });
      await desk.events.call((info) => info.id === ringingA.id && info.state === 'active', { from: mark });
      expect(lastMedia(desk, ringingB.id)).toEqual({ produced: 'offer:sendonly', remote: 'recvonly' });
      expect(lastMedia(desk, ringingA.id)).toEqual({ produced: 'offer:sendrecv', remote: 'sendrecv' });
      expect(new Map((await listedCalls(desk)).map((info) => [info.id, info.state]))).toEqual(
        new Map([
          [ringingA.id, 'active'],
          [ringingB.id, 'held'],
        ]),
      );
    });

    await step('Ana hangs up both and both phones hear the BYE', async () => {
      await ok(desk.core.dispatch('softphone:hangup', { callId: ringingA.id }));
      await ok(desk.core.dispatch('softphone:hangup', { callId: ringingB.id }));
      await a.waitForEvent('CALL_CLOSED');
      await b.waitForEvent('CALL_CLOSED');
      expect((await desk.events.call((info) => info.id === ringingA.id && info.state === 'ended')).outcome).toBe('answered');
      expect((await desk.events.call((info) => info.id === ringingB.id && info.state === 'ended')).outcome).toBe('answered');
      expect(await listedCalls(desk)).toEqual([]);
    });
  });
});

describe('hold retry', () => {
  it('the far end answers the hold re-INVITE with 500 Retry-After: 1 → Ana’s hold succeeds on the retry', async () => {
    const desk = await ana();
    const far = await startSipp({
      scenario: 'uas-500-retry.xml',
      target: { host: kamailio.host, port: kamailio.udpPort },
      service: 'far',
      timeoutMs: 20_000,
    });
    sipps.push(far);

    const callId = await step('Ana calls the far end and it answers', async () => {
      const { callId: id } = await ok<{ callId: string }>(desk.core.dispatch('softphone:dial', { target: far.uri }));
      await desk.events.call((info) => info.id === id && info.state === 'active');
      return id;
    });

    await step('Ana holds: refused once with 500 Retry-After: 1, the retry a second later holds the call', async () => {
      const mark = desk.events.mark;
      const holdAt = Date.now();
      await ok(desk.core.dispatch('softphone:hold', { callId }));
      const heldAt = Date.now();
      expect((await desk.events.call((info) => info.id === callId && info.state === 'held', { from: mark })).state).toBe('held');
      // Two hold offers went out, one second apart (Retry-After: 1), the first refused with 500.
      const holds = trace.of('1001', 'out').filter((message) => isRequest(message, 'INVITE') && message.text.includes('a=sendonly'));
      expect(holds).toHaveLength(2);
      const refused = trace.of('1001', 'in').find((message) => /^SIP\/2\.0 500/.test(message.text));
      expect(sipHeader(refused?.text ?? '', 'Retry-After')).toBe('1');
      expect((holds[1]?.at ?? 0) - (holds[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
      expect(heldAt - holdAt).toBeGreaterThanOrEqual(950);
      expect(lastMedia(desk, callId)).toEqual({ produced: 'offer:sendonly', remote: 'recvonly' });
    });

    await step('Ana hangs up and the far end counts one successful call', async () => {
      await ok(desk.core.dispatch('softphone:hangup', { callId }));
      expect((await desk.events.call((info) => info.id === callId && info.state === 'ended')).outcome).toBe('answered');
      const result = await far.done;
      expect(result.successfulCalls).toBe(1);
      expect(result.failedCalls).toBe(0);
    });
  });
});
