/**
 * The accessibility audit end to end (issue 13, item 4): axe-core on every screen and
 * state this world reaches — the empty desk, a public complaint selected in the inbox with
 * its conversation, the composer and its preview, a ringing call with the caller-context
 * panel, the answered call, the Accounts dialog — in the light and the dark scheme, and then
 * the desk in Arabic, right to left. Zero serious or critical violations; the rest are
 * listed in the test report (tests/e2e/support/axeAudit.ts). Real peers: Kamailio +
 * rtpengine + baresip for the customer's phone, the local Bluesky PDS for her post.
 *
 * Screenshots of the Arabic desk at 1920×1080 and 1280×720 land in test-results/screenshots.
 *
 *   npm run build && unshare -n bash -c 'ip link set lo up && npx playwright test --project=e2e tests/e2e/accessibility.spec.ts'
 */
import { mkdir } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { axeAudit } from './support/axeAudit';
import { postMention } from './support/bluesky';
import { conversationOf, openConversation, rowWith } from './support/blueskyPage';
import { callWith, contextRegion, expect, test, USERS } from './support/context';

const SCREENSHOTS = 'test-results/screenshots';
const NUMBER = '+12125550123';
const HANDLE = 'lucia.test';
const COMPLAINT = 'still nothing. this is the worst service ever and I am furious, third time asking';
const BOTH = { schemes: ['light', 'dark'] } as const;

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
});

/** Left edge of a region, to tell which way the desk is laid out. */
const leftOf = async (locator: Locator): Promise<number> => (await locator.boundingBox())?.x ?? Number.NaN;

async function screenshotAt(page: Page, name: string, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}x${height}.png` });
}

test('an agent who relies on a screen reader, or reads Arabic, finds every screen of the desk accessible in light and dark', async ({ sip, desk }) => {
  const { page, network } = desk;
  const lucia = await network.pds.createAccount(HANDLE);
  const phone = await sip.phone(USERS.customer);
  const agentUri = `sip:${USERS.ana}@${sip.kamailio.domain}`;
  const context = contextRegion(page);
  const conversation = conversationOf(page);
  const call = callWith(page, NUMBER);

  await test.step('the empty desk, before anything arrives, passes the audit in light and dark', async () => {
    await expect(page.getByRole('region', { name: 'Caller context' })).toContainText('When a call rings');
    await axeAudit(page, 'empty desk', BOTH);
  });

  await test.step('a public complaint lands in the inbox; selected, its row and the conversation pass the audit (the High chip on a selected row included)', async () => {
    await postMention(lucia, network.brand, COMPLAINT);
    await expect(rowWith(page, COMPLAINT)).toBeVisible({ timeout: 30_000 });
    await openConversation(page, COMPLAINT);
    await expect(rowWith(page, COMPLAINT).getByText('High', { exact: true })).toBeVisible();
    await expect(conversation.getByRole('textbox', { name: 'Reply' })).toBeVisible();
    await axeAudit(page, 'inbox with a selected complaint and its conversation', BOTH);
  });

  await test.step('the composer with a draft, then its preview, pass the audit; the agent goes back without sending', async () => {
    await conversation.getByRole('textbox', { name: 'Reply' }).fill('Hi Lucía, we are sorry. I am checking your order now.\n— Ana R.');
    await axeAudit(page, 'composer with a draft', BOTH);
    await conversation.getByRole('button', { name: 'Send publicly' }).click();
    await expect(conversation.getByRole('heading', { name: 'Preview: read everything twice' })).toBeFocused();
    await axeAudit(page, 'reply preview', BOTH);
    await conversation.getByRole('button', { name: 'Back' }).click();
    await expect(conversation.getByRole('textbox', { name: 'Reply' })).toBeVisible();
  });

  await test.step('her number rings: the ringing call and the caller-context panel pass the audit', async () => {
    await phone.dial(agentUri);
    await expect(call.getByRole('button', { name: 'Answer' })).toBeVisible();
    await expect(context).toContainText(`Incoming call from ${NUMBER}`);
    await axeAudit(page, 'ringing call with caller context', BOTH);
  });

  await test.step('answered, the active call with its notes and wrap-up passes the audit', async () => {
    await call.getByRole('button', { name: 'Answer' }).click();
    await expect(call).toContainText('Connected');
    await phone.waitForEvent('CALL_ESTABLISHED');
    await axeAudit(page, 'active call', BOTH);
  });

  await test.step('the Accounts panel passes the audit', async () => {
    await page.getByRole('button', { name: 'Accounts' }).click();
    const panel = page.getByRole('group', { name: 'Accounts' });
    await expect(panel.getByRole('form', { name: 'Phone account' })).toBeVisible();
    await axeAudit(page, 'accounts panel', BOTH);
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect(panel).toHaveCount(0);
  });

  await test.step('in Arabic the page turns right to left at once: calls on the right, the caller context on the left', async () => {
    const callsLeft = await leftOf(page.getByRole('region', { name: 'Calls', exact: true }));
    const contextLeft = await leftOf(context);
    expect(callsLeft).toBeLessThan(contextLeft);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    const calls = page.getByRole('region', { name: 'المكالمات', exact: true });
    const arabicContext = page.getByRole('region', { name: 'سياق المتصل', exact: true });
    await expect(calls).toBeVisible();
    expect(await leftOf(calls)).toBeGreaterThan(await leftOf(arabicContext));
  });

  await test.step('the answered call in Arabic: the number still reads left to right, and the desk passes the audit', async () => {
    const arabicCall = page.getByRole('list', { name: 'المكالمات الحالية' }).getByRole('listitem').filter({ hasText: NUMBER });
    await expect(arabicCall).toContainText('متصل');
    // The number is its own left-to-right island, so "+1 212…" never turns into "…212 1+".
    // (An unknown caller has no display name, so the number is the call's name line.)
    await expect(arabicCall.locator('bdi', { hasText: NUMBER })).toHaveAttribute('dir', 'ltr');
    await axeAudit(page, 'active call, Arabic', BOTH);
    await screenshotAt(page, 'desk-ar-call', 1920, 1080);
    await screenshotAt(page, 'desk-ar-call', 1280, 720);
  });

  await test.step('she hangs up; the Arabic desk with the conversation open passes the audit', async () => {
    await phone.hangup();
    await expect(page.getByRole('list', { name: 'المكالمات الحالية' }).getByRole('listitem').filter({ hasText: NUMBER })).toHaveCount(0);
    await expect(page.getByRole('region', { name: /^المحادثة/ }).getByRole('textbox', { name: 'الرد' })).toBeVisible();
    await axeAudit(page, 'desk with a conversation, Arabic', BOTH);
    await screenshotAt(page, 'desk-ar', 1920, 1080);
    await screenshotAt(page, 'desk-ar', 1280, 720);
  });

  await test.step('the Customers area in Arabic passes the audit, and back to the conversation', async () => {
    await page.getByRole('tab', { name: 'العملاء' }).click();
    await expect(page.getByRole('region', { name: 'العملاء', exact: true })).toBeVisible();
    await axeAudit(page, 'Customers area, Arabic', BOTH);
    await screenshotAt(page, 'customers-ar', 1280, 720);
    await page.getByRole('tab', { name: 'التواصل الاجتماعي' }).click();
  });
});
