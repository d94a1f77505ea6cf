/**
 * The supervisor view (issue 16): Sam, a supervisor, opens it from his desk's
 * header and sees his team as the team database lists it; Ana, an agent,
 * takes a break in her own desk and Sam's view says so. Ana's desk has no
 * "Supervisor view" button. (Call states reaching the view from Kamailio are
 * proven in tests/integration/supervisor/dialogWatch.test.ts; a story with a
 * real call through the view in Chromium is still to come.)
 */
import { assertLoopbackOnly } from '../peers/netns';
import { expect, test } from './fixtures';
import { axeAudit } from './support/axeAudit';
import { closeTeamDesks, openTeamDesk, startTeamDatabase, type TeamDatabase, type TeamDesk } from './support/teamDesks';

test.describe('the supervisor view', () => {
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

  test('Sam opens the supervisor view and sees Ana go on a break from her own desk', async ({ browser }) => {
    // Room for the volume steps (seeding, the table) on a loaded machine.
    test.setTimeout(180_000);
    const [ana, sam] = await test.step('Ana (agent) and Sam (supervisor) open their desks', async () => {
      const opened = [
        await openTeamDesk(browser, team, { id: 'ana', name: 'Ana Ruiz', sip: 'sip:ana@127.0.0.1' }),
        await openTeamDesk(browser, team, { id: 'sam', name: 'Sam Lee', role: 'supervisor', sip: 'sip:sam@127.0.0.1' }),
      ] as const;
      desks.push(...opened);
      return opened;
    });

    await test.step('only Sam’s header offers the supervisor view; both choose their availability there', async () => {
      await expect(sam.page.getByRole('button', { name: 'Supervisor view' })).toBeVisible({ timeout: 20_000 });
      await expect(ana.page.getByRole('combobox', { name: 'Availability' })).toHaveValue('available', { timeout: 20_000 });
      await expect(ana.page.getByRole('button', { name: 'Supervisor view' })).toHaveCount(0);
    });

    await test.step('the team’s day so far in the team database: three mentions at 00:15, two calls at 00:45 (the brand’s own reply is not a mention)', async () => {
      const midnight = new Date();
      midnight.setHours(0, 0, 0, 0);
      const at = (minutes: number) => new Date(midnight.getTime() + minutes * 60_000);
      for (const [index, kind] of ['mention', 'mention', 'reply', 'brand-reply'].entries()) {
        await team.admin.query('insert into social_items (uri, conversation_id, account_id, payload, created_at) values ($1, $2, $3, $4, $5)', [
          `at://did:plc:volume/app.bsky.feed.post/${index}`,
          'at://did:plc:volume/app.bsky.feed.post/0',
          'brand',
          JSON.stringify({ kind }),
          at(16 + index),
        ]);
      }
      for (const index of [1, 2]) {
        await team.admin.query("insert into interactions (id, channel, direction, at) values ($1, 'call', 'inbound', $2)", [
          `volume-call-${index}`,
          at(46 + index),
        ]);
      }
    });

    const view = await test.step('Sam opens the view: a new tab at /supervisor, region "Team" lists the team database’s agents', async () => {
      const opened = sam.page.context().waitForEvent('page');
      await sam.page.getByRole('button', { name: 'Supervisor view' }).click();
      const view = await opened;
      await view.setViewportSize({ width: 1920, height: 1080 });
      expect(new URL(view.url()).pathname).toBe('/supervisor');
      const teamRegion = view.getByRole('region', { name: 'Team' });
      await expect(teamRegion.getByRole('listitem')).toHaveCount(2, { timeout: 20_000 });
      await expect(teamRegion.getByRole('listitem').filter({ hasText: 'Ana Ruiz' })).toContainText('Available');
      return view;
    });

    await test.step('Ana chooses "Break" in her header: Sam’s view says Break', async () => {
      await ana.page.getByRole('combobox', { name: 'Availability' }).selectOption('break');
      const anaItem = view.getByRole('region', { name: 'Team' }).getByRole('listitem').filter({ hasText: 'Ana Ruiz' });
      await expect(anaItem).toContainText('Break', { timeout: 10_000 });
    });

    await test.step('region "Volume" charts the day’s mentions and calls, with a table of them for screen readers', async () => {
      const volume = view.getByRole('region', { name: 'Volume' });
      await expect(volume.getByRole('img', { name: 'Chart of mentions and calls per quarter hour today' })).toBeVisible({ timeout: 20_000 });
      const table = volume.getByRole('table', { name: /^Mentions and calls per quarter hour, / });
      await expect(table.getByRole('columnheader')).toHaveText(['Quarter hour from', 'Mentions', 'Calls']);
      await expect(
        table
          .getByRole('row')
          .filter({ has: view.getByRole('rowheader', { name: '12:15 AM', exact: true }) })
          .getByRole('cell'),
      ).toHaveText(['3', '0']);
      await expect(
        table
          .getByRole('row')
          .filter({ has: view.getByRole('rowheader', { name: '12:45 AM', exact: true }) })
          .getByRole('cell'),
      ).toHaveText(['0', '2']);
      await volume.scrollIntoViewIfNeeded();
      await view.screenshot({ path: 'test-results/supervisor-volume-1920x1080.png' });
    });

    await test.step('the view passes the accessibility audit and is captured at 1920×1080', async () => {
      await axeAudit(view, 'supervisor view with an agent on a break');
      await view.screenshot({ path: 'test-results/supervisor-view-1920x1080.png' });
    });
  });
});
