/**
 * The desk's keyboard shortcuts on the real phone path: Kamailio, rtpengine and
 * baresip calling the browser host's desk in Chromium. Ana is typing in the dial
 * box when the customer calls; every call action is a key combination pressed
 * right there, and what she typed stays put.
 *
 *   npm run build && unshare -n bash -c 'ip link set lo up && npx playwright test --project e2e tests/e2e/shortcuts.spec.ts'
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
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
