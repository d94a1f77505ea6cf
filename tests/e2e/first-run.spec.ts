/**
 * Issue 12, first run: a fresh seat (a profile with only the agent's name)
 * against the real peers — Bluesky's PLC + PDS + AppView on loopback for
 * Connect Bluesky and its backfill, Kamailio for the phone account (then, with
 * no social account, the seat is made phone-only and back). Screens
 * are found by role and name; the first-run screens are audited with axe in
 * light and dark, and photographed at 1920×1080 and 1280×720 under
 * test-results/screenshots.
 *
 *   unshare -n bash -c 'ip link set lo up && npx playwright test --project=e2e tests/e2e/first-run.spec.ts'
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { assertLoopbackOnly } from '../peers/netns';
import { startHost } from './fixtures';
import { axeAudit } from './support/axeAudit';
import { postMention, startSocialNetwork, type SocialNetwork } from './support/bluesky';
import { rowWith } from './support/blueskyPage';
import { expect, test, USERS } from './support/softphone';

const SCREENSHOTS = 'test-results/screenshots';
const AGENT_ONLY = { agent: { name: 'Ana Ruiz', role: 'agent' } };

async function screenshotsOf(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  for (const [width, height] of [
    [1920, 1080],
    [1280, 720],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}x${height}.png` });
  }
}

test.describe('a new agent sets up her desk in the app', () => {
  let network: SocialNetwork;

  test.beforeAll(async () => {
    assertLoopbackOnly();
    network = await startSocialNetwork('firstbrand.test', { appView: true });
  });

  test.afterAll(async () => {
    await network?.close();
  });

  test('empty desk → Connect Bluesky → the mention posted before setup is waiting → the account is removed', async ({ page }) => {
    // The AppView indexes the mention asynchronously, and two axe audits and four screenshots run on a shared machine.
    test.setTimeout(240_000);
    const host = await startHost(AGENT_ONLY);
    const waiting = 'my order from last night never arrived';
    try {
      await test.step('before Tandem ever connects, Carla mentions the brand and the AppView indexes it', async () => {
        const carla = await network.pds.createAccount('carla.test');
        await postMention(carla, network.brand, waiting);
        await expect
          .poll(async () => (await network.brand.agent.app.bsky.notification.listNotifications({ limit: 10 })).data.notifications.length, { timeout: 60_000 })
          .toBeGreaterThan(0);
      });

      const setup = page.getByRole('region', { name: 'Set up your desk' });
      const social = page.getByRole('region', { name: 'Social' });
      await test.step('the empty desk offers Set up phone and Connect Bluesky as its one call to action, accessible in light and dark', async () => {
        await host.open(page);
        await expect(setup.getByRole('button', { name: 'Set up phone' })).toBeVisible();
        await expect(setup.getByRole('button', { name: 'Connect Bluesky' })).toBeVisible();
        await expect(social.getByRole('region', { name: 'Inbox' })).toBeVisible();
        await expect(social.getByText('Loading conversations…')).toHaveCount(0);
        for (const empty of [/No social account is set up/, /No conversations waiting/, /No conversations match these filters/]) {
          await expect(social.getByText(empty)).toHaveCount(0);
        }
        await axeAudit(page, 'empty desk, first run', { schemes: ['light', 'dark'] });
        await screenshotsOf(page, 'first-run-empty-desk');
      });

      const form = page.getByRole('dialog', { name: 'Connect Bluesky' });
      await test.step('Connect Bluesky opens a modal dialog; Escape closes it and the focus returns to its button', async () => {
        const opener = setup.getByRole('button', { name: 'Connect Bluesky' });
        await opener.click();
        await expect(form.getByRole('textbox', { name: 'Handle' })).toBeFocused();
        await page.keyboard.press('Escape');
        await expect(form).toHaveCount(0);
        await expect(opener).toBeFocused();
      });

      await test.step('Connect Bluesky: a wrong app password is refused in the service’s words', async () => {
        await setup.getByRole('button', { name: 'Connect Bluesky' }).click();
        await expect(form.getByRole('textbox', { name: 'Handle' })).toBeFocused();
        // Modal: Tab from the last control comes back to the first, never to the desk behind.
        await form.getByRole('button', { name: 'Cancel' }).focus();
        await page.keyboard.press('Tab');
        await expect(form.getByRole('textbox', { name: 'Handle' })).toBeFocused();
        await form.getByRole('textbox', { name: 'Handle' }).fill(network.brand.handle);
        await form.getByLabel('Service', { exact: true }).fill(network.pds.url);
        await form.getByLabel('App password').fill('not-the-app-password');
        await axeAudit(page, 'Connect Bluesky dialog', { schemes: ['light', 'dark'] });
        await screenshotsOf(page, 'first-run-connect-bluesky');
        await form.getByRole('button', { name: 'Test and connect' }).click();
        await expect(form.getByRole('alert')).toHaveText('The service refused this handle or app password.', { timeout: 15_000 });
      });

      await test.step('the right app password connects, and the desk goes live', async () => {
        await form.getByLabel('App password').fill(network.appPassword);
        await form.getByRole('button', { name: 'Test and connect' }).click();
        await expect(form.getByRole('status')).toHaveText(`Connected as ${network.brand.handle}.`, { timeout: 15_000 });
        await expect(setup).toHaveCount(0);
        await form.getByRole('button', { name: 'Close' }).click();
        await expect(form).toHaveCount(0);
        // Its opener left with the call to action, so the focus lands on Accounts.
        await expect(page.getByRole('button', { name: 'Accounts' })).toBeFocused();
        await expect(page.getByText('Live', { exact: true })).toBeVisible({ timeout: 30_000 });
      });

      await test.step('the mention posted before setup is in the Inbox, once (backfill)', async () => {
        await expect(rowWith(page, waiting)).toHaveCount(1, { timeout: 30_000 });
      });

      await test.step('she removes the account: its connector leaves the desk and the call to action comes back', async () => {
        await page.getByRole('button', { name: 'Accounts' }).click();
        await page.getByRole('button', { name: `Remove ${network.brand.handle}` }).click();
        await expect(page.getByRole('button', { name: `Remove ${network.brand.handle}` })).toHaveCount(0);
        await expect(page.getByText('Live', { exact: true })).toHaveCount(0);
        await expect(setup).toBeVisible();
        const settings = await page.evaluate(async () =>
          JSON.stringify(await (window as unknown as { tandem: { getSettings(): Promise<unknown> } }).tandem.getSettings()),
        );
        expect(settings).not.toContain(network.brand.handle);
      });
    } finally {
      await host.stop();
    }
  });
});

test.describe('a new agent sets up her phone in the app', () => {
  test('a wrong SIP password shows the server’s refusal, never "Saved."; the right one says registered; a phone-only seat hides the social column', async ({
    sip,
    page,
  }) => {
    // Two registrations, two axe audits, four screenshots and a reload on a shared machine.
    test.setTimeout(240_000);
    const host = await startHost(AGENT_ONLY);
    try {
      const form = page.getByRole('form', { name: 'Phone account' });
      await test.step('Set up phone opens the phone account form', async () => {
        await host.open(page);
        await page.getByRole('region', { name: 'Set up your desk' }).getByRole('button', { name: 'Set up phone' }).click();
        await expect(form).toBeVisible();
      });

      await test.step('a wrong password: the form says the server refused it', async () => {
        await form.getByRole('textbox', { name: 'SIP server' }).fill(sip.kamailio.wsUrl);
        await form.getByRole('textbox', { name: 'SIP address' }).fill(`sip:${USERS.ana}@${sip.kamailio.domain}`);
        await form.getByRole('textbox', { name: 'Authorization user' }).fill(USERS.ana);
        await form.getByLabel('Password').fill('not-her-password');
        await form.getByRole('textbox', { name: 'Display name' }).fill('Ana R.');
        await form.getByRole('button', { name: 'Save phone account' }).click();
        await expect(form.getByRole('alert')).toHaveText('The server refused this phone account: check the user name and password.', { timeout: 15_000 });
        await expect(form.getByText('Saved.')).toHaveCount(0);
      });

      await test.step('the right password: the form says registered', async () => {
        await form.getByLabel('Password').fill('pw-ana');
        await form.getByRole('button', { name: 'Save phone account' }).click();
        await expect(form.getByRole('status')).toHaveText('Registered: the server accepted this phone account.', { timeout: 15_000 });
      });

      const social = page.getByRole('region', { name: 'Social' });
      const prompt = social.getByRole('region', { name: 'No social account on this desk' });
      await test.step('a phone with no social account: the social column shows one Connect Bluesky call to action, none of its empty texts', async () => {
        await page.getByRole('button', { name: 'Accounts' }).click();
        await expect(form).toHaveCount(0);
        await expect(page.getByRole('region', { name: 'Set up your desk' })).toHaveCount(0);
        await expect(prompt.getByRole('button', { name: 'Connect Bluesky' })).toBeVisible();
        await expect(social.getByRole('region', { name: 'Inbox' })).toHaveCount(0);
        await expect(social.getByRole('region', { name: 'Listening' })).toHaveCount(0);
        for (const empty of [/No social account is set up/, /No conversations waiting/, /No conversations match these filters/, /No matches yet/]) {
          await expect(social.getByText(empty)).toBeHidden();
        }
        await axeAudit(page, 'phone-only seat, social call to action', { schemes: ['light', 'dark'] });
        await screenshotsOf(page, 'phone-only-connect-bluesky');
      });

      await test.step('she makes it a phone-only seat: Hide this column leaves the phone and the Customers area', async () => {
        await prompt.getByRole('button', { name: 'Hide this column (phone only)' }).click();
        await expect(social).toHaveCount(0);
        await expect(page.getByRole('tab', { name: 'Social' })).toHaveCount(0);
        await expect(page.getByRole('tab', { name: 'Customers' })).toHaveAttribute('aria-selected', 'true');
        await expect(page.getByRole('region', { name: 'Customers', exact: true })).toBeVisible();
        await screenshotsOf(page, 'phone-only-column-hidden');
      });

      await test.step('the choice is kept across a reload, and Accounts → Show the social column brings the column back', async () => {
        await page.reload();
        await expect(page.getByRole('tab', { name: 'Customers' })).toHaveAttribute('aria-selected', 'true');
        await expect(page.getByRole('tab', { name: 'Social' })).toHaveCount(0);
        await page.getByRole('button', { name: 'Accounts' }).click();
        const toggle = page.getByRole('checkbox', { name: 'Show the social column' });
        await expect(toggle).not.toBeChecked();
        // A controlled box: it turns checked once main has stored the choice, so click and wait rather than check().
        await toggle.click();
        await expect(toggle).toBeChecked();
        await page.getByRole('button', { name: 'Accounts' }).click();
        await page.getByRole('tab', { name: 'Social' }).click();
        await expect(prompt.getByRole('button', { name: 'Connect Bluesky' })).toBeVisible();
      });
    } finally {
      await host.stop();
    }
  });
});
