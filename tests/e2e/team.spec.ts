/**
 * Two desks on one team database: each agent logs in as themselves, and a desk
 * that loses its database says so in the header and comes back by itself; two
 * customers one agent merges in the Customers area are one on the other's desk,
 * with both histories (issue 12 §7). (The shared history and social queue
 * stories build on this world.)
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { assertLoopbackOnly } from '../peers/netns';
import { expect, test } from './fixtures';
import { closeTeamDesks, openTeamDesk, startTeamDatabase, teamStatusOf, type TeamDatabase, type TeamDesk } from './support/teamDesks';

const customersArea = (page: Page) => page.getByRole('region', { name: 'Customers', exact: true });
const CARLA_MOBILE = '+12125550147';
const CARLA_OFFICE = '+12125550162';
const SCREENSHOTS = 'test-results/screenshots';

/** The Customers tab, searched for `query`. */
async function searchCustomers(page: Page, query: string) {
  await page.getByRole('tab', { name: 'Customers' }).click();
  const area = customersArea(page);
  await area.getByRole('searchbox', { name: 'Search customers' }).fill(query);
  return area;
}

/** Adds a customer by name and number in the Customers area, and writes a note on her in the context column. */
async function addCustomerWithNote(page: Page, customer: { name: string; number: string; note: string }) {
  await page.getByRole('tab', { name: 'Customers' }).click();
  const area = customersArea(page);
  const add = area.getByRole('region', { name: 'Add a customer' });
  await add.getByRole('textbox', { name: 'Name' }).fill(customer.name);
  await add.getByRole('textbox', { name: 'Phone number' }).fill(customer.number);
  await add.getByRole('button', { name: 'Add customer' }).click();
  await expect(area.getByText(`Customer ${customer.name} added.`)).toBeVisible();
  await area.getByRole('region', { name: 'Customer details' }).getByRole('button', { name: 'Show in the context column' }).click();
  const notes = page.getByRole('region', { name: 'Caller context' }).getByRole('region', { name: 'Notes' });
  await notes.getByRole('textbox', { name: 'New note' }).fill(customer.note);
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(notes.getByRole('listitem').filter({ hasText: customer.note })).toBeVisible();
}

test.describe('two desks on one team database', () => {
  let team: TeamDatabase;
  const desks: TeamDesk[] = [];

  test.beforeEach(async () => {
    assertLoopbackOnly();
    team = await startTeamDatabase();
  });

  test.afterEach(async () => {
    await closeTeamDesks(desks.splice(0));
    await team.close();
  });

  test('Ben’s desk loses the team database, says so, and reconnects by itself while Ana’s stays connected', async ({ browser }) => {
    // The merge story adds two customers, a merge and its change feed on a shared machine.
    test.setTimeout(150_000);
    const ana = await test.step('Ana and Ben open their desks, each logged in as themselves', async () => {
      const ana = await openTeamDesk(browser, team, { id: 'ana', name: 'Ana Ruiz' });
      desks.push(ana);
      // Ben's SIP address is recorded by the administrator (`add-agent --sip`), not in Ana's profile.
      desks.push(await openTeamDesk(browser, team, { id: 'ben', name: 'Ben Okafor', sip: 'sip:1002@tandem.test' }));
      const logins = await team.admin.query<{ usename: string }>(
        "select distinct usename from pg_stat_activity where datname = 'tandem' and usename in ('ana', 'ben') order by usename",
      );
      expect(logins.rows.map((row) => row.usename)).toEqual(['ana', 'ben']);
      return ana;
    });
    const ben = desks[1]!;

    await test.step('Ana types "ben" in her dial box: it offers Ben Okafor from the team database, added after her desk opened', async () => {
      const box = ana.page.getByRole('combobox', { name: 'Phone number or SIP address' });
      await box.pressSequentially('ben');
      const option = ana.page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option', { name: /Ben Okafor/ });
      await expect(option).toBeVisible({ timeout: 15_000 });
      await expect(option).toContainText('1002@tandem.test');
      await box.press('Escape');
      await box.fill('');
    });

    await test.step('Ben’s connection is cut: his header says the team is offline, Ana’s still says connected', async () => {
      ben.proxy.cut();
      await expect(teamStatusOf(ben.page)).toContainText('Team: Offline', { timeout: 20_000 });
      await expect(teamStatusOf(ben.page)).toContainText("The team database can't be reached");
      await expect(teamStatusOf(ana.page)).toHaveText('Team: Connected');
    });

    await test.step('the connection comes back: Ben’s desk reconnects without anyone touching it', async () => {
      const before = ben.proxy.accepted;
      ben.proxy.restore();
      await expect(teamStatusOf(ben.page)).toHaveText('Team: Connected', { timeout: 30_000 });
      expect(ben.proxy.accepted).toBeGreaterThan(before);
    });

    const matching = (area: ReturnType<typeof customersArea>) => area.getByRole('list', { name: 'Matching customers' }).getByRole('listitem');
    await test.step('Ana adds Carla twice, by her mobile and by her office number, with a note on each; Ben’s desk finds both', async () => {
      await addCustomerWithNote(ana.page, { name: 'Carla Gómez', number: CARLA_MOBILE, note: 'Prefers a call after 5 pm' });
      await addCustomerWithNote(ana.page, { name: 'C. Gómez', number: CARLA_OFFICE, note: 'Asked about invoice 42' });
      // The rows reach Ben's cache through the change feed; his search (any word of the name) reads the cache.
      await expect(async () => expect(matching(await searchCustomers(ben.page, 'Gómez'))).toHaveCount(2)).toPass({ timeout: 20_000 });
      // Ben opens the duplicate: it is on his screen when Ana merges it away.
      const area = customersArea(ben.page);
      await area
        .getByRole('list', { name: 'Matching customers' })
        .getByRole('listitem')
        .filter({ hasText: 'C. Gómez' })
        .getByRole('button', { name: 'Open' })
        .click();
      await expect(area.getByRole('region', { name: 'Customer details' })).toContainText(CARLA_OFFICE);
    });

    await test.step('Ana merges the duplicate into Carla Gómez in the Customers area', async () => {
      const area = await searchCustomers(ana.page, 'Carla Gómez');
      await area.getByRole('list', { name: 'Matching customers' }).getByRole('button', { name: 'Open' }).first().click();
      const merge = area.getByRole('region', { name: 'Merge a duplicate into this customer' });
      await merge.getByRole('searchbox', { name: 'Find the duplicate' }).fill('C. Gómez');
      await merge.getByRole('list', { name: 'Matching customers' }).getByRole('button', { name: 'Merge' }).click();
      await expect(merge).toContainText("Move C. Gómez's numbers, handles, calls and notes to Carla Gómez and delete C. Gómez?");
      await merge.getByRole('button', { name: 'Merge' }).click();
      await expect(area.getByText('Merged: everything is now with Carla Gómez.')).toBeVisible();
    });

    await test.step('Ben’s desk, with the duplicate open, shows one Carla Gómez with both numbers and both notes, without searching again', async () => {
      const area = customersArea(ben.page);
      // Ben's search and the customer he opened were on screen before the merge: they follow by themselves.
      await expect(matching(area)).toHaveCount(1, { timeout: 20_000 });
      await expect(matching(area)).toContainText('Carla Gómez');
      await expect(area.getByText('Merged: everything is now with Carla Gómez.')).toBeVisible();
      const details = area.getByRole('region', { name: 'Customer details' });
      await expect(details.getByRole('textbox', { name: 'Name' })).toHaveValue('Carla Gómez');
      await expect(details).toContainText(CARLA_MOBILE);
      await expect(details).toContainText(CARLA_OFFICE);
      await details.getByRole('button', { name: 'Show in the context column' }).click();
      const notes = ben.page.getByRole('region', { name: 'Caller context' }).getByRole('region', { name: 'Notes' });
      await expect(notes.getByRole('listitem').filter({ hasText: 'Prefers a call after 5 pm' })).toHaveCount(1);
      await expect(notes.getByRole('listitem').filter({ hasText: 'Asked about invoice 42' })).toHaveCount(1);
      await mkdir(SCREENSHOTS, { recursive: true });
      await ben.page.setViewportSize({ width: 1280, height: 720 });
      await ben.page.screenshot({ path: `${SCREENSHOTS}/team-merge-ben-1280x720.png` });
    });
  });
});
