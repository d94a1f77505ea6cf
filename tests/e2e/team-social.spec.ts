/**
 * The team's social queue end to end (issue 11): two desks, each a real
 * browser host with its own profile and data folder, logged in to one team
 * PostgreSQL as their own agents and to the same brand account on the local
 * Bluesky PDS. Only one desk follows the network; both inboxes are filled
 * from the team database; when both agents press Send on one complaint, the
 * network gets one brand reply.
 *
 * Run inside a loopback-only network namespace, after `npm run build`:
 *   unshare -n bash -c 'ip link set lo up && npx playwright test --project=e2e tests/e2e/team-social.spec.ts'
 */
import type { Browser } from '@playwright/test';
import type { BlueskyAccount } from '../peers/blueskyPds';
import { assertLoopbackOnly } from '../peers/netns';
import { expect, test } from './fixtures';
import { postMention, startSocialNetwork, type SocialNetwork } from './support/bluesky';
import { allInboxRows, conversationOf, openConversation, rowWith } from './support/blueskyPage';
import { closeTeamDesks, openTeamDesk, startTeamDatabase, type TeamDatabase, type TeamDesk } from './support/teamDesks';

const LIVE_TIMEOUT = 30_000;
const ACCOUNT = 'bluesky:teambrand.test';

test.describe('the team social queue: two desks, one brand account, one team database', () => {
  let network: SocialNetwork;
  let team: TeamDatabase;
  let carla: BlueskyAccount;
  const desks: TeamDesk[] = [];

  test.beforeAll(async () => {
    assertLoopbackOnly();
    network = await startSocialNetwork('teambrand.test');
    carla = await network.pds.createAccount('carla.test');
    team = await startTeamDatabase();
  });

  test.afterAll(async () => {
    await closeTeamDesks(desks.splice(0));
    await team?.close();
    await network?.close();
  });

  /** Both desks open and live; the team's ingester has stored where it follows the network from. */
  async function openBothDesks(browser: Browser): Promise<[TeamDesk, TeamDesk]> {
    if (desks.length === 2) return [desks[0]!, desks[1]!];
    const profile = network.profile({ chat: false }) as Record<string, unknown>;
    for (const agent of [
      { id: 'ana', name: 'Ana Ruiz' },
      { id: 'ben', name: 'Ben Okafor' },
    ]) {
      const desk = await openTeamDesk(browser, team, { ...agent, profile });
      desks.push(desk);
      await expect(desk.page.getByText('Live', { exact: true })).toBeVisible({ timeout: LIVE_TIMEOUT });
    }
    // A first ingester starts at the network's live tip: Carla chats (to nobody) until its first position is stored.
    await expect
      .poll(
        async () => {
          await postMention(carla, null, 'lovely weather today');
          return (await team.admin.query("select cursor from ingest_cursor where account_id = $1 and stream = 'firehose'", [ACCOUNT])).rowCount;
        },
        { timeout: 20_000, intervals: [500] },
      )
      .toBe(1);
    return [desks[0]!, desks[1]!];
  }

  test('a customer’s complaint appears once in both inboxes', async ({ browser }) => {
    test.setTimeout(120_000);
    const [ana, ben] = await test.step('Ana and Ben open their desks; one of them follows the network for the team', async () => {
      const both = await openBothDesks(browser);
      const ingesters = await team.admin.query<{ usename: string }>(
        "select a.usename from pg_locks l join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and l.granted and a.datname = 'tandem'",
      );
      expect(ingesters.rows).toHaveLength(1);
      return both;
    });
    const text = 'my new phone will not charge and nobody answers the hotline';

    await test.step('Carla complains: the complaint shows once in Ana’s inbox and once in Ben’s', async () => {
      await postMention(carla, network.brand, text);
      for (const desk of [ana, ben]) {
        await expect(rowWith(desk.page, text)).toHaveCount(1, { timeout: 20_000 });
        expect((await allInboxRows(desk.page)).filter((row) => row.includes(text))).toHaveLength(1);
      }
    });

    await test.step('after a reload each inbox still holds it once (the journal kept each item once)', async () => {
      for (const desk of [ana, ben]) {
        await desk.page.reload();
        await expect(rowWith(desk.page, text)).toHaveCount(1, { timeout: 20_000 });
        expect((await allInboxRows(desk.page)).filter((row) => row.includes(text))).toHaveLength(1);
      }
    });
  });

  test('both press Send on one complaint at the same moment: exactly one brand reply on the network', async ({ browser }) => {
    test.setTimeout(120_000);
    const [ana, ben] = await openBothDesks(browser);
    const text = 'order 7781 arrived broken, I want my money back';
    const mention = await test.step('Carla complains; both agents open the conversation', async () => {
      const posted = await postMention(carla, network.brand, text);
      for (const desk of [ana, ben]) {
        await expect(rowWith(desk.page, text)).toHaveCount(1, { timeout: 20_000 });
        await openConversation(desk.page, text);
      }
      return posted;
    });
    const brandReplies = async () =>
      (await carla.agent.com.atproto.repo.listRecords({ repo: network.brand.did, collection: 'app.bsky.feed.post', limit: 100 })).data.records.filter(
        (record) => (record.value as { reply?: { parent?: { uri?: string } } }).reply?.parent?.uri === mention.uri,
      );

    await test.step('both write a reply and press Send (and Confirm) at the same moment', async () => {
      const press = async (desk: TeamDesk, signature: string) => {
        const conversation = conversationOf(desk.page);
        await conversation.getByRole('textbox', { name: 'Reply' }).fill(`Sorry Carla, we will refund order 7781 today.\n${signature}`);
        const send = conversation.getByRole('button', { name: 'Send publicly' });
        // The desk that lost the claim on its first keystroke cannot press Send: that is the point.
        if (!(await send.isEnabled())) return;
        await send.click();
        const confirm = conversation.getByRole('button', { name: 'Confirm' });
        if (await confirm.isEnabled()) await confirm.click();
      };
      await Promise.all([press(ana, '— Ana R.'), press(ben, '— Ben O.')]);
    });

    await test.step('the network holds exactly one brand reply to Carla, and both desks show it once', async () => {
      await expect.poll(async () => (await brandReplies()).length, { timeout: 20_000 }).toBe(1);
      for (const desk of [ana, ben]) {
        await expect(conversationOf(desk.page).getByRole('listitem').filter({ hasText: 'Our reply' })).toHaveCount(1, { timeout: 20_000 });
      }
      const rows = await team.admin.query<{ author: string; state: string }>('select author, state from social_outbox where conversation_id = $1', [
        mention.uri,
      ]);
      expect(rows.rows).toHaveLength(1);
      await expect.poll(async () => (await brandReplies()).length).toBe(1);
    });

    await test.step('the desk that sent has an empty composer; the other still holds its unsent draft', async () => {
      const winner = (await team.admin.query<{ author: string }>('select author from social_outbox where conversation_id = $1', [mention.uri])).rows[0]?.author;
      const [sender, other] = winner === 'ana' ? [ana, ben] : [ben, ana];
      await expect(conversationOf(sender.page).getByRole('textbox', { name: 'Reply' })).toHaveValue('');
      await expect(conversationOf(other.page).getByRole('textbox', { name: 'Reply' })).toHaveValue(/we will refund order 7781/);
    });
  });
});
