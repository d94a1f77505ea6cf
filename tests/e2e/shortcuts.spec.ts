/**
 * The desk's keyboard shortcuts on the real phone path: Kamailio, rtpengine and
 * baresip calling the browser host's desk in Chromium. Ana is typing in the dial
 * box when the customer calls; every call action is a key combination pressed
 * right there, and what she typed stays put. In the second story she is typing a
 * reply to a Bluesky mention (the local network) and presses every shortcut there.
 *
 *   npm run build && unshare -n bash -c 'ip link set lo up && npx playwright test --project e2e tests/e2e/shortcuts.spec.ts'
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { postMention } from './support/bluesky';
import { openConversation, rowWith } from './support/blueskyPage';
import { test as deskTest } from './support/context';
import { expect, test, USERS } from './support/softphone';

const SCREENSHOTS = 'test-results/screenshots';

// The story starts its own Kamailio, rtpengine, phone and host.
test.describe.configure({ timeout: 90_000 });

test.beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
});

const calls = (page: Page) => page.getByRole('list', { name: 'Current calls' }).getByRole('listitem');

test('baresip calls Ana while she types in the dial box; she answers, holds, resumes and hangs up from the keyboard', async ({ sip }) => {
  const ana = await sip.agent('Ana Ruiz', USERS.ana);
  const customer = await sip.phone(USERS.customer, { displayName: 'Lucía Fernández' });
  const dialBox = ana.page.getByRole('combobox', { name: 'Phone number or SIP address' });
  const call = calls(ana.page).filter({ hasText: 'Lucía Fernández' });
  const help = ana.page.getByRole('dialog', { name: 'Keyboard shortcuts' });

  await test.step('? in the dial box is a character, not the shortcut list', async () => {
    await dialBox.click();
    await ana.page.keyboard.type('?');
    await expect(dialBox).toHaveValue('?');
    await expect(help).toBeHidden();
    await dialBox.fill('+1 212');
  });

  await test.step('Lucía calls; Ana, still in the dial box, presses Alt+Shift+A and the call connects', async () => {
    await customer.dial(`sip:${USERS.ana}@${sip.kamailio.domain}`);
    await expect(call).toContainText('Incoming call');
    await expect(dialBox).toBeFocused();
    await ana.page.keyboard.press('Alt+Shift+KeyA');
    await expect(call).toContainText('Connected');
    await customer.waitForEvent('CALL_ESTABLISHED');
    await expect(dialBox).toBeFocused();
    await expect(dialBox).toHaveValue('+1 212');
  });

  await test.step('Alt+Shift+H puts the call on hold, and again brings it back', async () => {
    await ana.page.keyboard.press('Alt+Shift+KeyH');
    await expect(call).toContainText('On hold');
    await ana.page.keyboard.press('Alt+Shift+KeyH');
    await expect(call).toContainText('Connected');
  });

  await test.step('Alt+Shift+M mutes her microphone, and again unmutes it', async () => {
    await ana.page.keyboard.press('Alt+Shift+KeyM');
    await expect(call).toContainText('Microphone muted');
    await ana.page.keyboard.press('Alt+Shift+KeyM');
    await expect(call).not.toContainText('Microphone muted');
  });

  await test.step('? away from a text field lists the shortcuts; Escape closes the list', async () => {
    await ana.page.getByRole('heading', { name: 'Tandem' }).click();
    await ana.page.keyboard.press('Shift+Slash');
    await expect(help).toBeVisible();
    await expect(help.getByRole('row', { name: /Hang up/ })).toContainText('Alt+Shift+E');
    await ana.page.screenshot({ path: `${SCREENSHOTS}/shortcuts-help.png`, fullPage: true });
    await ana.page.keyboard.press('Escape');
    await expect(help).toBeHidden();
  });

  await test.step('Alt+Shift+E hangs up: the call leaves the list and the phone hears the BYE', async () => {
    await dialBox.focus();
    await ana.page.keyboard.press('Alt+Shift+KeyE');
    await expect(calls(ana.page)).toHaveCount(0);
    await customer.waitForEvent('CALL_CLOSED');
    await expect(dialBox).toHaveValue('+1 212');
  });
});

deskTest('while Ana types a reply to a mention, every call shortcut works from the reply box and her reply stays as typed', async ({ sip, desk }) => {
  const { page, network } = desk;
  const carla = await network.pds.createAccount('carla.test');
  const customer = await sip.phone(USERS.customer, { displayName: 'Lucía Fernández' });
  const agentUri = `sip:${USERS.ana}@${sip.kamailio.domain}`;
  const call = calls(page).filter({ hasText: 'Lucía Fernández' });
  const MENTION = 'my order arrived broken, can someone help?';
  const DRAFT = 'Sorry to hear that, Carla';
  const reply = page.getByRole('textbox', { name: 'Reply' });
  /** Back in the reply box, the cursor at the end of what she typed. */
  const backToReply = async () => {
    await reply.focus();
    await expect(reply).toBeFocused();
  };

  await test.step('Carla mentions the brand; Ana opens it and starts a reply', async () => {
    await postMention(carla, network.brand, MENTION);
    await expect(rowWith(page, MENTION)).toBeVisible({ timeout: 20_000 });
    await openConversation(page, MENTION);
    await reply.fill(DRAFT);
    await backToReply();
  });

  await test.step('Lucía calls; Alt+Shift+D in the reply box declines, and the phone hears it', async () => {
    await customer.dial(agentUri);
    await expect(call).toContainText('Incoming call');
    await expect(reply).toBeFocused();
    await page.keyboard.press('Alt+Shift+KeyD');
    await customer.waitForEvent('CALL_CLOSED');
    await expect(calls(page)).toHaveCount(0);
    await expect(reply).toHaveValue(DRAFT);
  });

  await test.step('she calls again; Alt+Shift+A in the reply box answers', async () => {
    await customer.dial(agentUri);
    await expect(call).toContainText('Incoming call');
    await expect(reply).toBeFocused();
    await page.keyboard.press('Alt+Shift+KeyA');
    await expect(call).toContainText('Connected');
    await customer.waitForEvent('CALL_ESTABLISHED');
    await expect(reply).toBeFocused();
  });

  await test.step('Alt+Shift+H holds and resumes, Alt+Shift+M mutes and unmutes, all from the reply box', async () => {
    await page.keyboard.press('Alt+Shift+KeyH');
    await expect(call).toContainText('On hold');
    await page.keyboard.press('Alt+Shift+KeyH');
    await expect(call).toContainText('Connected');
    await page.keyboard.press('Alt+Shift+KeyM');
    await expect(call).toContainText('Microphone muted');
    await page.keyboard.press('Alt+Shift+KeyM');
    await expect(call).not.toContainText('Microphone muted');
    await expect(reply).toBeFocused();
    await expect(reply).toHaveValue(DRAFT);
  });

  await test.step('Alt+Shift+T opens the transfer box with the cursor in it; Alt+Shift+N puts the cursor in the dial box', async () => {
    await page.keyboard.press('Alt+Shift+KeyT');
    await expect(call.getByRole('combobox', { name: 'Transfer to' })).toBeFocused();
    await backToReply();
    await page.keyboard.press('Alt+Shift+KeyN');
    await expect(page.getByRole('combobox', { name: 'Phone number or SIP address' })).toBeFocused();
    await backToReply();
  });

  await test.step('Alt+Shift+E hangs up; the reply is still as she typed it', async () => {
    await page.keyboard.press('Alt+Shift+KeyE');
    await customer.waitForEvent('CALL_CLOSED');
    await expect(calls(page)).toHaveCount(0);
    await expect(reply).toHaveValue(DRAFT);
  });
});
