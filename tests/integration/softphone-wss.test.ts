/**
 * Encrypted transport, tested rather than assumed: production phones reach
 * the SIP server over `wss://`. Kamailio listens for SIP over secure
 * WebSocket with a certificate from a throwaway CA this test makes (openssl,
 * in a temp dir); Ana's desk is a real core (createCore) whose profile trusts
 * that CA through `sip.trustedCertificates`, on top of the system's CAs.
 * A desk without the CA must be refused with a reason that says so, not a
 * generic "connection lost", and must not retry on its own.
 *
 * Run inside a loopback-only namespace:
 *   unshare -n bash -c 'ip link set lo up && npx vitest run --project integration tests/integration/softphone-wss.test.ts'
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBaresip, type Baresip } from '../peers/baresip';
import { startKamailio, type Kamailio } from '../peers/kamailio';
import { assertLoopbackOnly } from '../peers/netns';
import { makeTestCa, type TestCa } from '../peers/tlsCa';
import { ok, openDesk, type Desk, type DeskOptions } from './support/softphoneDesk';
import { step } from './support/step';

const CUSTOMER = '2125550123';
const USERS = { '1001': 'pw1001', [CUSTOMER]: 'pwcust' };

let ca: TestCa;
let kamailio: Kamailio;
const desks: Desk[] = [];
const phones: Baresip[] = [];

function wssUrl(): string {
  if (kamailio.wssUrl === undefined) throw new Error('Kamailio was started without its TLS listener');
  return kamailio.wssUrl;
}

async function anaOverWss(options: Omit<DeskOptions, 'server'> = {}): Promise<Desk> {
  const desk = await openDesk(kamailio, '1001', USERS['1001'], { displayName: 'Ana R.', server: wssUrl(), ...options });
  desks.push(desk);
  return desk;
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

beforeAll(async () => {
  assertLoopbackOnly();
  ca = await makeTestCa();
  kamailio = await startKamailio({ users: USERS, tls: { certificate: ca.serverCertificate, privateKey: ca.serverKey } });
});

afterEach(async () => {
  for (const desk of desks.splice(0)) await desk.dispose();
  for (const phone of phones.splice(0)) await phone.stop();
});

afterAll(async () => {
  await kamailio?.stop();
  await ca?.dispose();
});

describe('Ana’s softphone over wss:// (SIP over TLS WebSocket)', () => {
  it('her desk trusts the company CA: she registers over wss://, calls the customer, and the customer calls her', async () => {
    const ana = await anaOverWss({ trustedCertificates: ca.caCertificate });

    await step('Ana registers over wss:// with the server certificate verified', async () => {
      const status = await ana.events.registration('registered');
      expect(status.expiresAt).toBeGreaterThan(Date.now());
      // That port is Kamailio's TLS listener only: a 200 there means the handshake verified the server.
      expect(new URL(wssUrl()).protocol).toBe('wss:');
    });

    const customer = await customerPhone();

    await step('Ana calls the customer’s phone, which answers; she hangs up', async () => {
      const mark = ana.events.mark;
      const { callId } = await ok<{ callId: string }>(ana.core.dispatch('softphone:dial', { target: customer.sipUri }));
      await customer.waitForEvent('CALL_ESTABLISHED');
      await ana.events.call((info) => info.id === callId && info.state === 'active', { from: mark });
      await ok(ana.core.dispatch('softphone:hangup', { callId }));
      await customer.waitForEvent('CALL_CLOSED');
      const ended = await ana.events.call((info) => info.id === callId && info.state === 'ended', { from: mark });
      expect(ended.outcome).toBe('answered');
    });

    await step('the customer calls Ana: the INVITE reaches her over the same TLS connection and she answers', async () => {
      const mark = ana.events.mark;
      await customer.dial(`sip:1001@${kamailio.domain}`);
      const ringing = await ana.events.call((info) => info.state === 'ringing', { from: mark });
      expect(ringing.remote.number).toBe('+12125550123');
      await ok(ana.core.dispatch('softphone:answer', { callId: ringing.id }));
      await ana.events.call((info) => info.id === ringing.id && info.state === 'active', { from: mark });
      await customer.hangup();
      await ana.events.call((info) => info.id === ringing.id && info.state === 'ended', { from: mark });
    });
  });

  it('a desk that does not trust the CA is refused with "certificate not trusted", and does not retry on its own', async () => {
    const ana = await anaOverWss();

    const refused = await step('the first attempt ends in certificate-rejected, naming the TLS reason', async () => {
      const status = await ana.events.registration('certificate-rejected');
      expect(status).toMatchObject({
        lastErrorKey: 'softphone.errors.certificateUntrusted',
        certificateError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
        nextRetryAt: null,
      });
      // Not the generic "connection lost" of a network failure.
      expect(ana.events.registrations().map((s) => s.state)).not.toContain('backoff');
      return status;
    });

    await step('only an explicit Register tries again, once, and is refused the same way', async () => {
      const attemptsBefore = ana.events.registrations().filter((s) => s.state === 'connecting').length;
      const again = await ana.core.dispatch('softphone:register', {});
      expect(again).toMatchObject({ ok: false, error: { messageKey: 'softphone.errors.certificateUntrusted' } });
      const attemptsAfter = ana.events.registrations().filter((s) => s.state === 'connecting').length;
      expect(attemptsAfter - attemptsBefore).toBe(1);
      expect(ana.core.softphone.snapshot().registration).toMatchObject({ state: 'certificate-rejected', certificateError: refused.certificateError });
    });
  });
});
