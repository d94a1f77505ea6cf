/**
 * The Customers area end to end (issue 12 §7), on the real peers: Kamailio + rtpengine +
 * baresip (the customer's phone, registered as 2125550123: the desk shows +1 212 555 0123,
 * and Kamailio routes the desk's E.164 dial to it), the local Bluesky network (PLC + PDS, the
 * brand's account) and the real browser host. Found by role and name; every step waits for a
 * state.
 *
 * 1. A customer created in the Customers area with no call on the line; the phone then calls
 *    from that number, and the ringing call's screen pop shows that customer.
 * 2. A mention from the local Bluesky network opens with its author unknown beside it; the
 *    agent creates the customer from the conversation and records a number in the Customers
 *    area; the next time the conversation opens, the customer is beside it and "Call" rings
 *    baresip.
 * 3. An import with a partly bad row: imported with a warning naming the bad field, and an
 *    unimportable row offered as a CSV with its reason.
 *
 *   npm run build && unshare -n bash -c 'ip link set lo up && export TANDEM_NETNS=1 && npx playwright test --project=e2e tests/e2e/customers.spec.ts'
 */
import { mkdir, readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { postMention } from './support/bluesky';
import { conversationOf, openConversation } from './support/blueskyPage';
import { axeAudit } from './support/axeAudit';
import { callWith, contextRegion, expect, sectionOf, test, USERS } from './support/context';

const SCREENSHOTS = 'test-results/screenshots';
const NUMBER = '+12125550123';
const CLOSE_CONVERSATION = 'Close conversation';

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
});

const customersArea = (page: Page) => page.getByRole('region', { name: 'Customers', exact: true });

async function openCustomersTab(page: Page) {
  await page.getByRole('tab', { name: 'Customers' }).click();
  await expect(customersArea(page)).toBeVisible();
  return customersArea(page);
}

async function screenshots(page: Page, name: string) {
  for (const [width, height] of [
    [1920, 1080],
    [1280, 720],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}x${height}.png` });
  }
  await page.setViewportSize({ width: 1440, height: 1000 });
}

test('a customer created in the Customers area with no call on the line pops when her number rings', async ({ sip, desk }) => {
  const { page } = desk;
  const area = await openCustomersTab(page);
  const add = area.getByRole('region', { name: 'Add a customer' });

  await test.step('a bad number is refused beside its field; nothing is stored', async () => {
    await add.getByRole('textbox', { name: 'Name' }).fill('Lucía Fernández');
    await add.getByRole('textbox', { name: 'Phone number' }).fill('555-01');
    await add.getByRole('button', { name: 'Add customer' }).click();
    await expect(add.getByRole('textbox', { name: 'Phone number' })).toHaveAttribute('aria-invalid', 'true');
    await expect(add).toContainText('Not a valid phone number.');
  });

  await test.step('with a valid number she is added, and found by name and by number', async () => {
    await add.getByRole('textbox', { name: 'Phone number' }).fill('(212) 555-0123');
    await add.getByRole('button', { name: 'Add customer' }).click();
    await expect(area.getByText('Customer Lucía Fernández added.')).toBeVisible();
    await expect(area.getByRole('region', { name: 'Customer details' })).toContainText(NUMBER);
    const search = area.getByRole('searchbox', { name: 'Search customers' });
    await search.fill('212555');
    await expect(area.getByRole('list', { name: 'Matching customers' })).toContainText('Lucía Fernández');
    await search.fill('lucía');
    await expect(area.getByRole('list', { name: 'Matching customers' })).toContainText('Lucía Fernández');
  });

  await test.step('the Customers area passes the accessibility audit in light and dark', async () => {
    await axeAudit(page, 'customers-area', { schemes: ['light', 'dark'] });
    await screenshots(page, 'customers-area');
  });

  await test.step('her phone calls the agent: the ringing call pops Lucía before answer', async () => {
    const phone = await sip.phone(USERS.customer);
    await phone.dial(`sip:${USERS.ana}@${sip.kamailio.domain}`);
    const call = callWith(page, NUMBER);
    await expect(call.getByRole('button', { name: 'Answer' })).toBeVisible();
    await expect(contextRegion(page).getByRole('heading', { name: 'Lucía Fernández' })).toBeVisible();
    await screenshots(page, 'customers-pop');
    await call.getByRole('button', { name: 'Decline' }).click();
  });
});

test('a conversation opens with its customer beside it, and Call rings her phone', async ({ sip, desk }) => {
  const { page, network } = desk;
  const maya = await network.pds.createAccount('maya.test');
  const phone = await sip.phone(USERS.customer, { answerMode: 'manual' });
  const context = contextRegion(page);
  const author = sectionOf(page, 'Customer for this conversation');

  await test.step('Maya mentions the brand; opening the conversation says she is not a customer yet', async () => {
    await postMention(maya, network.brand, 'my order never arrived, can someone call me?');
    await openConversation(page, 'my order never arrived');
    await expect(author).toContainText('@maya.test');
    await expect(author).toContainText('Not a customer yet.');
  });

  await test.step('"Create customer" makes her one, linked by her handle (unverified), shown in the context column', async () => {
    await author.getByRole('button', { name: 'Create customer' }).click();
    await expect(context.getByRole('heading', { name: 'maya.test' })).toBeVisible();
    await expect(author).toContainText('No recorded or verified number to call.');
    await expect(author.getByRole('button', { name: 'Send private message' })).toBeVisible();
  });

  await test.step('in the Customers area the agent names her and records her number', async () => {
    const area = await openCustomersTab(page);
    await area.getByRole('searchbox', { name: 'Search customers' }).fill('maya.test');
    await area.getByRole('list', { name: 'Matching customers' }).getByRole('button', { name: 'Open' }).click();
    const details = area.getByRole('region', { name: 'Customer details' });
    await details.getByRole('textbox', { name: 'Name' }).fill('Maya Lopez');
    await details.getByRole('button', { name: 'Save name' }).click();
    await details.getByRole('textbox', { name: 'Phone number' }).fill('212 555 0123');
    await details.getByRole('button', { name: 'Add number' }).click();
    await expect(details).toContainText(NUMBER);
  });

  await test.step('opening the conversation again shows Maya beside it, with Call to her recorded number', async () => {
    await page.getByRole('tab', { name: 'Social' }).click();
    await conversationOf(page).getByRole('button', { name: CLOSE_CONVERSATION }).click();
    await expect(author).toBeHidden();
    await openConversation(page, 'my order never arrived');
    await expect(author).toContainText('Maya Lopez');
    await expect(context.getByRole('heading', { name: 'Maya Lopez' })).toBeVisible();
    await screenshots(page, 'customers-conversation');
  });

  await test.step('"Call" dials her number through Kamailio and her phone rings', async () => {
    const before = phone.events.length;
    await author.getByRole('button', { name: /^Call / }).click();
    await phone.waitForEvent('CALL_INCOMING', { after: before, timeoutMs: 20_000 });
    await expect(callWith(page, NUMBER)).toBeVisible();
    await phone.hangup();
  });
});

test('an import with a partly bad row keeps the good fields, warns, and offers the rejected rows as CSV', async ({ desk }) => {
  const { page } = desk;
  const area = await openCustomersTab(page);
  const io = area.getByRole('region', { name: 'Import and export customers' });
  const csv = ['Name,Phone,Bluesky', 'Omar Silva,12,omar.test', 'Ines Costa,+44 20 7946 0958,', ',not a number,'].join('\r\n');

  await test.step('the agent imports a file: one row imported without its bad number, one imported, one rejected', async () => {
    await io.locator('input[type=file]').setInputFiles({ name: 'crm.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(io.getByRole('status')).toContainText('Imported: 2. With warnings: 1. Rejected: 1.');
    await expect(io.getByRole('list', { name: 'Imported without some fields' })).toContainText('Row 2 "12" is not a valid phone number.');
    await expect(io.getByRole('list', { name: 'Rejected rows' })).toContainText(
      'Row 4 No name and no valid phone number, SIP address, Bluesky handle or email.',
    );
    await screenshots(page, 'customers-import');
  });

  await test.step('the rejected rows download as CSV with the reason column', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), io.getByRole('button', { name: 'Download rejected rows (CSV)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^rejected-customers-\d{4}-\d\d-\d\d\.csv$/);
    const text = await readFile((await download.path()) ?? '', 'utf8');
    expect(text).toBe('\uFEFFName,Phone,Bluesky,Row,Reason\r\n,not a number,,4,"No name and no valid phone number, SIP address, Bluesky handle or email."\r\n');
  });

  await test.step('Omar is stored with his handle, without the bad number', async () => {
    await area.getByRole('searchbox', { name: 'Search customers' }).fill('omar');
    await area.getByRole('list', { name: 'Matching customers' }).getByRole('button', { name: 'Open' }).click();
    const details = area.getByRole('region', { name: 'Customer details' });
    await expect(details).toContainText('omar.test');
    await expect(details).toContainText('Remove omar.test');
    await expect(details).not.toContainText('Phone +');
  });
});
