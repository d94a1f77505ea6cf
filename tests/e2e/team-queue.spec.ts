/**
 * The team's social queue across two desks on one PostgreSQL and the local
 * Bluesky network: a claim made on Ana's desk reaches Ben's through the
 * change feed, so Ben reads who handles the complaint before he writes a word.
 *
 * Until the ingester is wired to the connector (issue 11, the ingest helper's
 * branch), each desk follows the brand's mentions itself and the story
 * records the conversation in the team database as the ingester will.
 *
 * Run inside a loopback-only namespace, after `npm run build`.
 */
import { assertLoopbackOnly } from '../peers/netns';
import { expect, test } from './fixtures';
import { postMention, startSocialNetwork, type SocialNetwork } from './support/bluesky';
import { conversationOf, openConversation, rowWith } from './support/blueskyPage';
import { closeTeamDesks, openTeamDesk, startTeamDatabase, type TeamDatabase, type TeamDesk } from './support/teamDesks';

const LIVE_TIMEOUT = 30_000;

test.describe('the social queue shared by a team', () => {
  let team: TeamDatabase;
  let network: SocialNetwork;
  const desks: TeamDesk[] = [];

  test.beforeEach(async () => {
    assertLoopbackOnly();
    team = await startTeamDatabase();
    network = await startSocialNetwork('teambrand.test');
  });

  test.afterEach(async () => {
    await closeTeamDesks(desks.splice(0));
    await network?.close();
    await team?.close();
  });

  test('Ana starts replying; Ben sees "Handled by Ana Ruiz" and cannot send', async ({ browser }) => {
    test.setTimeout(150_000);
    const text = 'my order arrived broken and nobody answers';

    // The brand account's part of a desk's profile; the harness fills in the agent and the team database.
    const profile = network.profile() as Readonly<Record<string, unknown>>;
    const [ana, ben] = await test.step('Ana and Ben open their desks on the brand account, and both are live', async () => {
      const opened = [
        await openTeamDesk(browser, team, { id: 'ana', name: 'Ana Ruiz', profile }),
        await openTeamDesk(browser, team, { id: 'ben', name: 'Ben Okafor', profile }),
      ] as const;
      desks.push(...opened);
      for (const desk of opened) await expect(desk.page.getByText('Live', { exact: true })).toBeVisible({ timeout: LIVE_TIMEOUT });
      return opened;
    });

    await test.step('Carla’s complaint appears once in both inboxes', async () => {
      const { uri } = await postMention(await network.pds.createAccount('carla.test'), network.brand, text);
      for (const desk of [ana, ben]) {
        await expect(rowWith(desk.page, text)).toHaveCount(1, { timeout: LIVE_TIMEOUT });
      }
      // The desk that follows the network for the team wrote the thread into the team database.
      await expect
        .poll(async () => (await team.admin.query<{ uri: string }>('select uri from social_items')).rows.map((row) => row.uri), { timeout: LIVE_TIMEOUT })
        .toContain(uri);
    });

    await test.step('Ben opens it first; Ana opens it and reads that Ben is viewing it', async () => {
      await openConversation(ben.page, text);
      const anaView = await openConversation(ana.page, text);
      await expect(anaView.getByText('Ben Okafor is viewing')).toBeVisible();
    });

    await test.step('Ana starts replying: her desk claims the complaint', async () => {
      await conversationOf(ana.page).getByRole('textbox', { name: 'Reply' }).fill('Sorry to hear that, Carla.');
      await expect(conversationOf(ana.page).getByText('You are handling this conversation')).toBeVisible();
      await expect
        .poll(async () => (await team.admin.query<{ handler: string | null }>('select handler from conversations')).rows.map((row) => row.handler))
        .toEqual(['ana']);
    });

    await test.step('Ben, without typing, reads "Handled by Ana Ruiz" in his inbox and the conversation, and cannot send', async () => {
      const view = conversationOf(ben.page);
      await expect(rowWith(ben.page, text).getByText('Handled by Ana Ruiz')).toBeVisible();
      await expect(view.getByText('Handled by Ana Ruiz')).toBeVisible();
      await expect(view.getByText('Ana Ruiz is handling this conversation')).toBeVisible();
      await expect(view.getByRole('button', { name: 'Send publicly' })).toBeDisabled();
      await expect(view.getByRole('button', { name: 'Take conversation' })).toBeDisabled();
    });

    await test.step('Ben types anyway: nothing is sent, and Ana still holds the claim', async () => {
      const view = conversationOf(ben.page);
      await view.getByRole('textbox', { name: 'Reply' }).fill('Hi Carla, Ben here.');
      await expect(view.getByRole('button', { name: 'Send publicly' })).toBeDisabled();
      const handler = await team.admin.query<{ handler: string | null }>('select handler from conversations');
      expect(handler.rows).toEqual([{ handler: 'ana' }]);
      const outbox = await team.admin.query('select id from social_outbox');
      expect(outbox.rows).toEqual([]);
    });
  });
});
