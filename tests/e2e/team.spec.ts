/**
 * Two desks on one team database: each agent logs in as themselves, and a desk
 * that loses its database says so in the header and comes back by itself.
 * (The shared history and social queue stories build on this world.)
 */
import { assertLoopbackOnly } from '../peers/netns';
import { expect, test } from './fixtures';
import { closeTeamDesks, openTeamDesk, startTeamDatabase, teamStatusOf, type TeamDatabase, type TeamDesk } from './support/teamDesks';

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
    test.setTimeout(90_000);
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
  });
});
