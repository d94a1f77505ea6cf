/**
 * Attended transfer against real peers: Ana and Ben are two cores (createCore,
 * each with its own test media engine, registered over WebSocket as 1001 and
 * 1002), all through Kamailio. Every SIP message of the cores is read from a
 * trace of their WebSockets (support/sipTrace.ts).
 *
 * Who is the customer (the transferee):
 * - completing the transfer needs a transferee that honours REFER with
 *   Replaces. baresip 1.0.0 (Debian 12) does not: measured here, it accepts the
 *   REFER (202, NOTIFY 100) but sends its INVITE to Ben with the Refer-To's
 *   `?Replaces=…` pasted, mangled, into the To URI and no Replaces header, so
 *   Ben sees an ordinary new call. In that story the customer is therefore a
 *   third core (registered as the customer's number), which follows a REFER
 *   through sip.js' Referral and the call manager once its agent accepts
 *   (Ben is not on that desk's roster, so it asks: referPolicy.ts);
 * - the consultation that is abandoned needs no REFER: there the customer is
 *   baresip over UDP, a real phone put on hold and resumed.
 *
 * Run inside a loopback-only namespace:
 *   unshare -n bash -c 'ip link set lo up && npx vitest run --project integration tests/integration/softphone-transfer.test.ts'
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallInfo } from '@tandem/contract';
import { startBaresip, type Baresip } from '../peers/baresip';
import { startKamailio, type Kamailio } from '../peers/kamailio';
import { assertLoopbackOnly } from '../peers/netns';
import { isRequest, sipHeader, SipTrace } from './support/sipTrace';
import { listedCalls, ok, openRegisteredDesk, type Desk } from './support/softphoneDesk';
import { sdpDirection } from './support/testMediaEngine';
import { step } from './support/step';

const CUSTOMER = '2125550123';
const USERS = { '1001': 'pw1001', '1002': 'pw1002', [CUSTOMER]: 'pwcust' };

const trace = new SipTrace();
trace.install();

let kamailio: Kamailio;
const desks: Desk[] = [];
const phones: Baresip[] = [];

async function desk(user: keyof typeof USERS): Promise<Desk> {
  const names: Record<string, string> = { '1001': 'Ana', '1002': 'Ben', [CUSTOMER]: 'Carla Customer' };
  const opened = await openRegisteredDesk(kamailio, user, USERS[user], { displayName: names[user] ?? user });
  desks.push(opened);
  return opened;
}

async function customerPhone(): Promise<Baresip> {
  const phone = await startBaresip({
    user: CUSTOMER,
    password: USERS[CUSTOMER],
    registrar: { host: kamailio.host, udpPort: kamailio.udpPort },
    answerMode: 'auto',
    displayName: 'Carla Customer',
  });
  phones.push(phone);
  return phone;
}

/** The customer calls Ana and she answers: the call is up at both ends. */
async function customerTalksToAna(ana: Desk, customer: Baresip): Promise<CallInfo> {
  const mark = ana.events.mark;
  await customer.dial(`sip:1001@${kamailio.domain}`);
  const ringing = await ana.events.call((info) => info.state === 'ringing', { from: mark });
  await ok(ana.core.dispatch('softphone:answer', { callId: ringing.id }));
  await customer.waitForEvent('CALL_ESTABLISHED');
  return ana.events.call((info) => info.id === ringing.id && info.state === 'active', { from: mark });
}

beforeAll(async () => {
  assertLoopbackOnly();
  kamailio = await startKamailio({ users: USERS });
});

afterEach(async (context) => {
  trace.afterStory(context.task.result?.state === 'fail');
  for (const opened of desks.splice(0)) await opened.dispose();
  for (const phone of phones.splice(0)) await phone.stop();
});

afterAll(async () => {
  await kamailio?.stop();
});

describe('attended transfer (consult, then REFER with Replaces)', () => {
  it('Ana talks to the customer, consults Ben, completes the transfer: the customer talks to Ben, Ana’s two calls end as transferred', async () => {
    const ana = await desk('1001');
    const ben = await desk('1002');
    // The customer's phone is a core here (baresip cannot be a Replaces transferee: see the top of this file).
    const customer = await desk(CUSTOMER);

    const { customerSideId, anaRinging } = await step('the customer calls Ana and she answers', async () => {
      const { callId } = await ok<{ callId: string }>(customer.core.dispatch('softphone:dial', { target: `sip:1001@${kamailio.domain}` }));
      const ringing = await ana.events.call((info) => info.state === 'ringing');
      expect(ringing.remote.number).toBe('+12125550123');
      await ok(ana.core.dispatch('softphone:answer', { callId: ringing.id }));
      await ana.events.call((info) => info.id === ringing.id && info.state === 'active');
      await customer.events.call((info) => info.id === callId && info.state === 'active');
      return { customerSideId: callId, anaRinging: ringing };
    });

    const { consultId, benConsult, consultCallId } = await step('Ana consults Ben: the customer is put on hold (sendonly) and Ben answers', async () => {
      const { callId } = await ok<{ callId: string }>(ana.core.dispatch('softphone:consult', { callId: anaRinging.id, target: `sip:1002@${kamailio.domain}` }));
      await ana.events.call((info) => info.id === anaRinging.id && info.state === 'held');
      expect(sdpDirection(customer.media.applied.filter((a) => a.callId === customerSideId).at(-1)?.sdp ?? '')).toBe('sendonly');
      const ringing = await ben.events.call((info) => info.state === 'ringing');
      expect(ringing.remote.uri).toContain('sip:1001@');
      await ok(ben.core.dispatch('softphone:answer', { callId: ringing.id }));
      expect((await ana.events.call((info) => info.id === callId && info.state === 'active')).consultFor).toBe(anaRinging.id);
      await ben.events.call((info) => info.id === ringing.id && info.state === 'active');
      const sipCallId = sipHeader(trace.of('1002', 'in').find((message) => isRequest(message, 'INVITE'))?.text ?? '', 'Call-ID', 'i');
      expect(sipCallId).toBeDefined();
      return { consultId: callId, benConsult: ringing, consultCallId: sipCallId };
    });

    const customerMark = customer.events.mark;
    const benMark = ben.events.mark;
    const refer = await step('Ana completes the transfer: the customer’s desk asks first, accepts, and the REFER’s final NOTIFY is 200', async () => {
      // REFER with Refer-To <sip:1002@…?Replaces=…>; it resolves on the final (200) sipfrag NOTIFY.
      const completing = ok(ana.core.dispatch('softphone:completeTransfer', { callId: anaRinging.id, consultCallId: consultId }));
      // Ben is not on the customer desk's roster: it asks first (issue 9), naming the target without the Replaces.
      const asked = await customer.events.waitFor('softphone:transferRequest', (request) => request.status === 'asking');
      expect(asked).toMatchObject({ callId: customerSideId, target: `sip:1002@${kamailio.domain}` });
      await ok(customer.core.dispatch('softphone:answerTransferRequest', { callId: customerSideId, requestId: asked.id, accept: true }));
      await completing;
      const sent = trace.of('1001', 'out').find((message) => isRequest(message, 'REFER'));
      expect(sipHeader(sent?.text ?? '', 'Refer-To', 'r')).toMatch(/^<sip:1002@127\.0\.0\.1\?Replaces=[^>]+>$/);
      const finalNotify = trace.of('1001', 'in').find((message) => isRequest(message, 'NOTIFY') && /^SIP\/2\.0 200/m.test(message.text));
      expect(finalNotify).toBeDefined();
      return sent;
    });

    const benWithCustomer = await step(
      'Ben’s desk takes the customer’s INVITE with Replaces without ringing, and the consultation ends as transferred',
      async () => {
        const replacing = await trace.waitFor(
          '1002',
          (message) => message.direction === 'in' && isRequest(message, 'INVITE') && sipHeader(message.text, 'Replaces') !== undefined,
        );
        expect(sipHeader(replacing.text, 'Replaces')?.startsWith(`${consultCallId ?? '?'};`)).toBe(true);
        expect(sipHeader(replacing.text, 'From', 'f')).toContain(`sip:${CUSTOMER}@`);
        const withCustomer = await ben.events.call((info) => info.remote.number === '+12125550123' && info.state === 'active', { from: benMark });
        expect(withCustomer.direction).toBe('inbound');
        expect((await ben.events.call((info) => info.id === benConsult.id && info.state === 'ended')).outcome).toBe('transferred');
        expect((await listedCalls(ben)).map((info) => [info.id, info.state])).toEqual([[withCustomer.id, 'active']]);
        return withCustomer;
      },
    );

    const customerWithBen = await step('the customer now talks to Ben; Ana’s BYE ended her original call as transferred', async () => {
      const withBen = await customer.events.call((info) => info.remote.uri === `sip:1002@${kamailio.domain}` && info.state === 'active', {
        from: customerMark,
      });
      expect(withBen.direction).toBe('outbound');
      expect((await customer.events.call((info) => info.id === customerSideId && info.state === 'ended')).outcome).toBe('transferred');
      expect(
        trace
          .of(CUSTOMER, 'in')
          .some((message) => isRequest(message, 'BYE') && sipHeader(message.text, 'Call-ID', 'i') === sipHeader(refer?.text ?? '', 'Call-ID', 'i')),
      ).toBe(true);
      return withBen;
    });

    await step('Ana’s two calls end as transferred and nothing is left on her desk', async () => {
      expect((await ana.events.call((info) => info.id === anaRinging.id && info.state === 'ended')).outcome).toBe('transferred');
      expect((await ana.events.call((info) => info.id === consultId && info.state === 'ended')).outcome).toBe('transferred');
      expect(await listedCalls(ana)).toEqual([]);
    });

    await step('Ben hangs up and the customer’s call with him ends', async () => {
      await ok(ben.core.dispatch('softphone:hangup', { callId: benWithCustomer.id }));
      expect((await customer.events.call((info) => info.id === customerWithBen.id && info.state === 'ended')).outcome).toBe('answered');
    });
  });

  it('Ana consults Ben but Ben does not answer; she hangs up the consultation and resumes the customer', async () => {
    const ana = await desk('1001');
    const ben = await desk('1002');
    const customer = await customerPhone();
    const customerCall = await customerTalksToAna(ana, customer);

    const { consultId, benRinging } = await step('Ana consults Ben: the customer is held, Ben’s desk rings, and the transfer cannot complete yet', async () => {
      const benMark = ben.events.mark;
      const { callId } = await ok<{ callId: string }>(
        ana.core.dispatch('softphone:consult', { callId: customerCall.id, target: `sip:1002@${kamailio.domain}` }),
      );
      await ana.events.call((info) => info.id === customerCall.id && info.state === 'held');
      await ana.events.call((info) => info.id === callId && info.state === 'ringing');
      const ringing = await ben.events.call((info) => info.state === 'ringing', { from: benMark });
      // Completing needs an answered consultation.
      expect(await ana.core.dispatch('softphone:completeTransfer', { callId: customerCall.id, consultCallId: callId })).toMatchObject({
        ok: false,
        error: { messageKey: 'softphone.errors.illegalState' },
      });
      return { consultId: callId, benRinging: ringing };
    });

    await step('Ana hangs up the consultation: cancelled for her, missed for Ben', async () => {
      await ok(ana.core.dispatch('softphone:hangup', { callId: consultId }));
      expect((await ana.events.call((info) => info.id === consultId && info.state === 'ended')).outcome).toBe('cancelled');
      expect((await ben.events.call((info) => info.id === benRinging.id && info.state === 'ended')).outcome).toBe('missed');
    });

    await step('Ana resumes the customer: a sendrecv offer, and only that call listed', async () => {
      const mark = ana.events.mark;
      await ok(ana.core.dispatch('softphone:resume', { callId: customerCall.id }));
      await ana.events.call((info) => info.id === customerCall.id && info.state === 'active', { from: mark });
      expect(ana.media.produced.filter((d) => d.callId === customerCall.id).at(-1)).toMatchObject({ kind: 'offer', direction: 'sendrecv' });
      expect((await listedCalls(ana)).map((info) => [info.id, info.state])).toEqual([[customerCall.id, 'active']]);
    });

    await step('the customer is still connected to Ana: her BYE closes the phone’s call', async () => {
      await ok(ana.core.dispatch('softphone:hangup', { callId: customerCall.id }));
      await customer.waitForEvent('CALL_CLOSED');
      expect((await ana.events.call((info) => info.id === customerCall.id && info.state === 'ended')).outcome).toBe('answered');
    });
  });
});
