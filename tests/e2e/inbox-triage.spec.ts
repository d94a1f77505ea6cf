/**
 * Issue 12 items 8 and 9, end to end: an agent triages the inbox with the
 * keyboard on the real local Bluesky network (PLC + PDS from
 * @atproto/dev-env, in-process), the browser host and its renderer in
 * Chromium. Mentions are real posts; rows are found by role and name.
 *
 * Run inside a loopback-only network namespace:
 *   unshare -n bash -c 'ip link set lo up && npx playwright test --project=e2e tests/e2e/inbox-triage.spec.ts'
 */
import type { Page } from '@playwright/test';
import type { BlueskyAccount } from '../peers/blueskyPds';
import { assertLoopbackOnly } from '../peers/netns';
import { expect, startHost, test, type TandemHost } from './fixtures';
import { axeAudit } from './support/axeAudit';
import { postMention, setProfile, startSocialNetwork, type SocialNetwork } from './support/bluesky';
import { conversationOf, inboxOf, rowWith } from './support/blueskyPage';

const LIVE_TIMEOUT = 30_000;
const SCREENSHOTS = 'test-results/screenshots';
const CUSTOMERS = 16;

/** The handle inside the row the keyboard focus is on. */
const focusedHandle = (page: Page) => page.evaluate(() => document.activeElement?.closest('[data-row-id]')?.querySelector('.conv-handle')?.textContent ?? null);

/** Rows wholly inside the inbox list's visible box, and the list's height. */
const rowsInView = (page: Page) =>
  inboxOf(page)
    .getByRole('list')
    .evaluate((list) => {
      const box = list.getBoundingClientRect();
      const rows = [...list.querySelectorAll('[role="listitem"]')].filter((row) => {
        const r = row.getBoundingClientRect();
        return r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
      });
      return { rows: rows.length, height: Math.round(box.height) };
    });

test.describe('inbox triage against a local Bluesky PDS', () => {
  let network: SocialNetwork;
  let host: TandemHost;
  const customers: BlueskyAccount[] = [];

  test.beforeAll(async () => {
    assertLoopbackOnly();
    network = await startSocialNetwork('triagebrand.test');
    for (let i = 0; i < CUSTOMERS; i += 1) {
      const customer = await network.pds.createAccount(`customer${i}.test`);
      await setProfile(customer, `Customer ${String.fromCharCode(65 + i)}`);
      customers.push(customer);
    }
    host = await startHost(network.profile());
  });

  test.afterAll(async () => {
    await host?.stop();
    await network?.close();
  });

  test('mentions arrive, the agent triages them with j, k, Enter and x, and bulk-closes two', async ({ page }) => {
    const inbox = inboxOf(page);
    const rows = inbox.getByRole('listitem');

    await test.step('the desk is live, and the header and the Social panel say so in the same word', async () => {
      await page.setViewportSize({ width: 1920, height: 1080 });
      await host.open(page);
      const social = page.getByRole('region', { name: 'Social' });
      await expect(social.getByText('Live', { exact: true })).toBeVisible({ timeout: LIVE_TIMEOUT });
      const header = page.getByRole('status', { name: 'Connection' });
      await expect(header).toHaveText('Phone: Not set up · Bluesky: Live');
      // No phone account on this seat: the phone panel uses the header's words too.
      await expect(page.getByRole('status', { name: 'Phone line' })).toHaveText('Not set up');
    });

    await test.step(`${CUSTOMERS} customers mention the brand; each row shows a name, a handle, a priority chip and a waiting timer`, async () => {
      for (const [index, customer] of customers.entries()) {
        const text = index % 4 === 0 ? `order ${index} arrived broken, this is terrible` : `question ${index} about my order`;
        await postMention(customer, network.brand, text);
      }
      await expect(inbox).toContainText(`${CUSTOMERS} conversations`, { timeout: LIVE_TIMEOUT });
      const complaint = rowWith(page, 'order 0 arrived broken');
      await expect(complaint.getByText('Customer A', { exact: true })).toBeVisible();
      await expect(complaint.getByText('@customer0.test', { exact: true })).toBeVisible();
      await expect(complaint.getByText(/^(High|Urgent)$/)).toHaveAttribute('title', /^Priority score \d+$/);
      await expect(rowWith(page, 'question 1 about').getByText(/^(Low|Normal)$/)).toBeVisible();
      await expect(complaint.locator('.waiting-timer')).toHaveText(/^Waiting \d+ min$/);
      // A fresh mention is well inside the 30-minute public target: the timer is calm.
      await expect(complaint.locator('.waiting-timer')).toHaveAttribute('data-tone', 'calm');
      // No per-row status dropdown or Assign button.
      await expect(inbox.getByRole('combobox', { name: 'Status' })).toHaveCount(0);
      await expect(inbox.getByRole('button', { name: 'Assign to me' })).toHaveCount(0);
    });

    await test.step('at 1920×1080 at least 12 rows fit without scrolling the list', async () => {
      const fit = await rowsInView(page);
      test.info().annotations.push({ type: 'rows in view at 1920×1080', description: `${fit.rows} rows in a ${fit.height} px list` });
      expect(fit.rows).toBeGreaterThanOrEqual(12);
      await page.screenshot({ path: `${SCREENSHOTS}/inbox-triage-1920x1080.png` });
    });

    await test.step('the compact inbox passes the accessibility audit in light and dark', async () => {
      await axeAudit(page, 'compact inbox', { schemes: ['light', 'dark'] });
    });

    const first = await rows.nth(0).locator('.conv-handle').textContent();
    const second = await rows.nth(1).locator('.conv-handle').textContent();
    const third = await rows.nth(2).locator('.conv-handle').textContent();

    await test.step('j and k move through the rows, x selects two, Enter opens the one the agent is on', async () => {
      await rows.nth(0).locator('.conv-open').focus();
      await page.keyboard.press('j');
      await expect.poll(() => focusedHandle(page)).toBe(second);
      await page.keyboard.press('x');
      await page.keyboard.press('j');
      await expect.poll(() => focusedHandle(page)).toBe(third);
      await page.keyboard.press('x');
      await page.keyboard.press('k');
      await expect.poll(() => focusedHandle(page)).toBe(second);
      await page.keyboard.press('Enter');
      await expect(conversationOf(page)).toContainText(second ?? '');
      await expect(inbox.getByRole('group', { name: 'Selected conversations' })).toContainText('2 selected');
    });

    await test.step('typing j in the reply writes a j: the keys act only outside fields', async () => {
      const reply = conversationOf(page).getByRole('textbox', { name: 'Reply' });
      await reply.click();
      await page.keyboard.type('j');
      await expect(reply).toHaveValue(/j$/);
      await expect(reply).toBeFocused();
      await reply.fill('');
    });

    await test.step('Close selected closes both; the rest stay, the first one on top', async () => {
      await inbox.getByRole('button', { name: 'Close selected' }).click();
      await expect(inbox).toContainText(`${CUSTOMERS - 2} conversations`);
      await expect(rows.nth(0).locator('.conv-handle')).toHaveText(first ?? '');
      await expect(inbox.getByRole('group', { name: 'Selected conversations' })).toHaveCount(0);
      // The one the agent opened is closed too: its status reads so in the conversation.
      await expect(conversationOf(page).getByRole('combobox', { name: 'Status' })).toHaveValue('closed');
    });

    await test.step('Show: Closed lists the two just closed, and says how long closed ones stay in the list', async () => {
      const show = inbox.getByRole('combobox', { name: 'Show' });
      await show.selectOption('closed');
      await expect(inbox).toContainText('2 conversations');
      await expect(rows).toHaveCount(2);
      await expect(
        inbox.getByText('Closed conversations stay in this list for 7 days after they close. An older one opens from its customer’s history.'),
      ).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/inbox-closed.png` });
      await show.selectOption('active');
      await expect(inbox).toContainText(`${CUSTOMERS - 2} conversations`);
    });

    await test.step('at 1280×720 the inbox still shows its rows beside the conversation', async () => {
      await page.setViewportSize({ width: 1280, height: 720 });
      const fit = await rowsInView(page);
      test.info().annotations.push({ type: 'rows in view at 1280×720', description: `${fit.rows} rows in a ${fit.height} px list` });
      expect(fit.rows).toBeGreaterThan(0);
      await page.screenshot({ path: `${SCREENSHOTS}/inbox-triage-1280x720.png` });
    });
  });
});
