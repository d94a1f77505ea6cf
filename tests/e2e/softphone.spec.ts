/**
 * The softphone end to end: real Kamailio + rtpengine + baresip, the real
 * browser host and its renderer in Chromium with fake audio devices. Audio is
 * proven at both ends: getStats in the page (through `?debug=media`) and
 * baresip's own RTP events and statistics.
 *
 *   npm run build && unshare -n bash -c 'ip link set lo up && npx playwright test --project e2e tests/e2e/softphone.spec.ts'
 */
import { mkdir } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { expect, expectAudioReceived, expectAudioSent, pageAudio, test, USERS } from './support/softphone';

const SCREENSHOTS = 'test-results/screenshots';

// Each story starts its own Kamailio, rtpengine, phones and hosts, so each gets a longer budget.
test.describe.configure({ timeout: 90_000 });

test.beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
});

const calls = (page: Page) => page.getByRole('list', { name: 'Current calls' });
const callWith = (page: Page, text: string | RegExp): Locator => calls(page).getByRole('listitem').filter({ hasText: text });

test.describe('the softphone in the browser', () => {
  test('baresip calls Ana; the Answer button appears; she answers; audio flows both ways', async ({ sip }) => {
    const ana = await sip.agent('Ana Ruiz', USERS.ana);
    const customer = await sip.phone(USERS.customer, { displayName: 'Lucía Fernández' });

    const ringing = callWith(ana.page, 'Lucía Fernández');
    const answer = ringing.getByRole('button', { name: 'Answer' });
    const call = callWith(ana.page, 'Lucía Fernández');

    await test.step('Lucía dials Ana and the ringing call offers Answer, focused, and Decline', async () => {
      await customer.dial(`sip:${USERS.ana}@${sip.kamailio.domain}`);
      await expect(answer).toBeVisible();
      await expect(answer).toBeFocused();
      await expect(ringing).toContainText('+12125550123');
      await expect(ringing).toContainText('Incoming call');
      await expect(ringing.getByRole('button', { name: 'Decline' })).toBeVisible();
      await ana.page.screenshot({ path: `${SCREENSHOTS}/softphone-ringing.png`, fullPage: true });
    });

    await test.step('Ana answers and the call is connected at both ends', async () => {
      await answer.click();
      await expect(call.getByRole('button', { name: 'Hang up' })).toBeVisible();
      await expect(call).toContainText('Connected');
      await customer.waitForEvent('CALL_ESTABLISHED');
    });

    await test.step('audio flows both ways (getStats in the page, RTP at the phone)', async () => {
      await expectAudioReceived(ana.page);
      await expectAudioSent(ana.page);
      // baresip says RTP from Ana reached it.
      await customer.waitForEvent('CALL_RTPESTAB', { timeoutMs: 15_000 });
      await ana.page.screenshot({ path: `${SCREENSHOTS}/softphone-active.png`, fullPage: true });
    });

    await test.step('Ana hangs up; the phone counted packets both ways and Recent calls says Answered', async () => {
      await call.getByRole('button', { name: 'Hang up' }).click();
      await customer.waitForEvent('CALL_CLOSED');
      const stats = await customer.rtpStats();
      expect(stats.receive.packets).toBeGreaterThan(0);
      expect(stats.transmit.packets).toBeGreaterThan(0);
      await expect(calls(ana.page)).toHaveCount(0);
      const recent = ana.page.getByRole('list', { name: 'Recent calls' });
      await expect(recent.getByRole('listitem').first()).toContainText('Answered');
    });
  });

  test('Ana calls baresip and hangs up', async ({ sip }) => {
    const ana = await sip.agent('Ana Ruiz', USERS.ana);
    const customer = await sip.phone(USERS.customer);

    const box = ana.page.getByRole('combobox', { name: 'Phone number or SIP address' });
    await box.fill(customer.sipUri);
    await box.press('Enter');

    const call = callWith(ana.page, USERS.customer);
    await expect(call).toContainText('Connected');
    await customer.waitForEvent('CALL_ESTABLISHED');
    await expectAudioReceived(ana.page);
    await customer.waitForEvent('CALL_RTPESTAB', { timeoutMs: 15_000 });

    await call.getByRole('button', { name: 'Hang up' }).click();
    await customer.waitForEvent('CALL_CLOSED');
    await expect(calls(ana.page)).toHaveCount(0);
    expect((await customer.rtpStats()).receive.packets).toBeGreaterThan(0);
    await expect(ana.page.getByRole('list', { name: 'Recent calls' }).getByRole('listitem').first()).toContainText('Outgoing · Answered');
  });

  test('a number that is not one shows main’s error, translated', async ({ sip }) => {
    const ana = await sip.agent('Ana Ruiz', USERS.ana);
    const box = ana.page.getByRole('combobox', { name: 'Phone number or SIP address' });
    await box.fill('call my cousin');
    await box.press('Enter');
    await expect(ana.page.getByRole('region', { name: 'Calls' }).getByRole('alert')).toHaveText(
      "That doesn't look like a phone number, an extension or a SIP address.",
    );
  });

  test('two agents (two hosts, two pages) call each other', async ({ sip }) => {
    const ana = await sip.agent('Ana Ruiz', USERS.ana);
    const ben = await sip.agent('Ben Okafor', USERS.ben);

    const incoming = callWith(ben.page, 'Ana Ruiz');

    await test.step('Ana dials Ben’s bare extension, as on a desk phone, and his desk rings with Answer focused', async () => {
      const box = ana.page.getByRole('combobox', { name: 'Phone number or SIP address' });
      await box.fill(USERS.ben);
      await ana.page.getByRole('button', { name: 'Call', exact: true }).click();
      await expect(incoming.getByRole('button', { name: 'Answer' })).toBeFocused();
    });

    await test.step('Ben answers and each hears the other', async () => {
      await incoming.getByRole('button', { name: 'Answer' }).click();
      await expect(callWith(ana.page, USERS.ben)).toContainText('Connected');
      await expect(callWith(ben.page, 'Ana Ruiz')).toContainText('Connected');
      await expectAudioReceived(ana.page);
      await expectAudioReceived(ben.page);
    });

    await test.step('Ben hangs up and the call leaves both desks', async () => {
      await callWith(ben.page, 'Ana Ruiz').getByRole('button', { name: 'Hang up' }).click();
      await expect(calls(ana.page)).toHaveCount(0);
      await expect(calls(ben.page)).toHaveCount(0);
    });
  });

  test('hold and mute', async ({ sip }) => {
    const ana = await sip.agent('Ana Ruiz', USERS.ana);
    const customer = await sip.phone(USERS.customer);
    const call = callWith(ana.page, USERS.customer);

    await test.step('Ana calls the customer and hears them', async () => {
      await ana.page.getByRole('combobox', { name: 'Phone number or SIP address' }).fill(customer.sipUri);
      await ana.page.getByRole('button', { name: 'Call', exact: true }).click();
      await expect(call).toContainText('Connected');
      await expectAudioReceived(ana.page);
    });

    await test.step('Ana mutes, the call says so, and she unmutes', async () => {
      await call.getByRole('button', { name: 'Mute' }).click();
      await expect(call.getByRole('button', { name: 'Unmute' })).toBeVisible();
      await expect(call).toContainText('Microphone muted');
      await call.getByRole('button', { name: 'Unmute' }).click();
      await expect(call.getByRole('button', { name: 'Mute' })).toBeVisible();
    });

    await test.step('Ana puts the call on hold and the customer’s audio stops reaching her', async () => {
      await call.getByRole('button', { name: 'Hold' }).click();
      await expect(call).toContainText('On hold');
      await expect(call.getByRole('button', { name: 'Resume' })).toBeVisible();
      // Each poll compares with the previous one: held means two readings in a row are equal.
      let previous = -1;
      await expect
        .poll(
          async () => {
            const now = (await pageAudio(ana.page)).bytesReceived;
            const grew = previous < 0 || now !== previous;
            previous = now;
            return grew;
          },
          { timeout: 10_000, intervals: [500], message: 'no inbound audio while held' },
        )
        .toBe(false);
    });

    await test.step('Ana resumes, hears the customer again and hangs up', async () => {
      await call.getByRole('button', { name: 'Resume' }).click();
      await expect(call).toContainText('Connected');
      await expectAudioReceived(ana.page);
      await call.getByRole('button', { name: 'Hang up' }).click();
      await customer.waitForEvent('CALL_CLOSED');
    });
  });

  test('blind transfer to a second baresip', async ({ sip }) => {
    const ana = await sip.agent('Ana Ruiz', USERS.ana);
    const customer = await sip.phone(USERS.customer, { displayName: 'Lucía Fernández' });
    const colleague = await sip.phone(USERS.colleague);

    await customer.dial(`sip:${USERS.ana}@${sip.kamailio.domain}`);
    const call = callWith(ana.page, 'Lucía Fernández');
    await call.getByRole('button', { name: 'Answer' }).click();
    await expect(call).toContainText('Connected');

    await call.getByRole('button', { name: 'Transfer' }).click();
    await call.getByRole('combobox', { name: 'Transfer to' }).fill(colleague.sipUri);
    await call.getByRole('button', { name: 'Transfer now' }).click();

    await colleague.waitForEvent('CALL_ESTABLISHED', { timeoutMs: 15_000 });
    await expect(calls(ana.page)).toHaveCount(0);
    await expect(ana.page.getByRole('list', { name: 'Recent calls' }).getByRole('listitem').first()).toContainText('Transferred');
  });

  test('reload the page mid-call: the call is still listed and audio flows again', async ({ sip }) => {
    const ana = await sip.agent('Ana Ruiz', USERS.ana);
    const customer = await sip.phone(USERS.customer, { displayName: 'Lucía Fernández' });
    await customer.dial(`sip:${USERS.ana}@${sip.kamailio.domain}`);
    await callWith(ana.page, 'Lucía Fernández').getByRole('button', { name: 'Answer' }).click();
    await expect(callWith(ana.page, 'Lucía Fernández')).toContainText('Connected');
    await expectAudioReceived(ana.page);

    await ana.page.reload();

    const call = callWith(ana.page, 'Lucía Fernández');
    await expect(call).toContainText('Connected');
    await expect(call.getByRole('button', { name: 'Hang up' })).toBeVisible();
    await expectAudioReceived(ana.page, 20_000);
    await expectAudioSent(ana.page);
    await call.getByRole('button', { name: 'Hang up' }).click();
    await customer.waitForEvent('CALL_CLOSED');
  });
});

test.describe('the softphone with its signalling over wss://', () => {
  // The hosts reach Kamailio's TLS WebSocket listener, trusting a throwaway CA made for this test.
  test.use({ sipOverWss: true });

  test('Ana registers over wss:// and calls baresip through rtpengine: ICE, DTLS and audio are unchanged', async ({ sip }) => {
    const ana = await test.step('Ana’s desk registers over wss://, trusting the company CA', async () => {
      expect(new URL(sip.agentServer).protocol).toBe('wss:');
      return sip.agent('Ana Ruiz', USERS.ana);
    });
    const customer = await sip.phone(USERS.customer);

    const call = await test.step('Ana dials the customer’s phone, which answers', async () => {
      const box = ana.page.getByRole('combobox', { name: 'Phone number or SIP address' });
      await box.fill(customer.sipUri);
      await box.press('Enter');
      const active = callWith(ana.page, USERS.customer);
      await expect(active).toContainText('Connected');
      await customer.waitForEvent('CALL_ESTABLISHED');
      return active;
    });

    await test.step('audio flows both ways through rtpengine (getStats in the page, RTP at the phone)', async () => {
      await expectAudioReceived(ana.page);
      await expectAudioSent(ana.page);
      await customer.waitForEvent('CALL_RTPESTAB', { timeoutMs: 15_000 });
    });

    await test.step('Ana hangs up and the phone counted the packets it received', async () => {
      await call.getByRole('button', { name: 'Hang up' }).click();
      await customer.waitForEvent('CALL_CLOSED');
      expect((await customer.rtpStats()).receive.packets).toBeGreaterThan(0);
      await expect(calls(ana.page)).toHaveCount(0);
    });
  });

  test('a desk that does not trust the server’s CA says the certificate is not trusted, not "connection lost"', async ({ sip }) => {
    const ana = await sip.agent('Ana Ruiz', USERS.ana, { trustsCa: false });
    const line = ana.page.getByRole('status', { name: 'Phone line' });

    await test.step('the line names the refusal and its TLS reason', async () => {
      await expect(line).toContainText('Certificate not trusted', { timeout: 15_000 });
      await expect(line).toContainText("The SIP server's certificate is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE)");
      await expect(line).not.toContainText('Retrying');
      await ana.page.screenshot({ path: `${SCREENSHOTS}/softphone-certificate-not-trusted.png`, fullPage: true });
    });

    await test.step('Register tries once more and is refused the same way', async () => {
      await ana.page.getByRole('region', { name: 'Calls' }).getByRole('button', { name: 'Register' }).click();
      await expect(ana.page.getByRole('region', { name: 'Calls' }).getByRole('alert')).toContainText("The SIP server's certificate is not trusted.");
      await expect(line).toContainText('Certificate not trusted');
    });
  });
});
