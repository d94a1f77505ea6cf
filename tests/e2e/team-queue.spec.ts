/**
 * The team's social queue across two desks on one PostgreSQL and the local
 * Bluesky network: a claim made on Ana's desk reaches Ben's through the
 * change feed, so Ben reads who handles the complaint before he writes a word.
 * Then (issue 15 item 2) Ana takes the complaint offline: the acknowledgement,
 * her private message and Carla's private answer reach Ben's desk through the
 * team database, and Ben reads the whole case, which only Ana can act on.
 *
 * Until the ingester is wired to the connector (issue 11, the ingest helper's
 * branch), each desk follows the brand's mentions itself and the story
 * records the conversation in the team database as the ingester will.
 *
 * Run inside a loopback-only namespace, after `npm run build`.
 */
import { ChatClient } from '../../main/core/social/bluesky/chat';
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

  test('Ana starts replying; Ben sees "Handled by Ana Ruiz" and cannot send; Ana takes it offline and Ben reads the whole case, which only Ana can act on', async ({
    browser,
  }) => {
    test.setTimeout(360_000);
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

    const carla = await network.pds.createAccount('carla.test');
    const complaint = await test.step('Carla’s complaint appears once in both inboxes', async () => {
      // She follows the brand, so the brand may write to her privately (Bluesky's default chat setting).
      await carla.agent.follow(network.brand.did);
      const { uri } = await postMention(carla, network.brand, text);
      for (const desk of [ana, ben]) {
        await expect(rowWith(desk.page, text)).toHaveCount(1, { timeout: LIVE_TIMEOUT });
      }
      // The desk that follows the network for the team wrote the thread into the team database.
      await expect
        .poll(async () => (await team.admin.query<{ uri: string }>('select uri from social_items')).rows.map((row) => row.uri), { timeout: LIVE_TIMEOUT })
        .toContain(uri);
      return uri;
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

    // --- Issue 15 item 2: the case, shared like every conversation, acted on only by the agent handling it ---
    await test.step('Ana takes the complaint offline: "Post and send"; she keeps handling the case', async () => {
      const anaView = conversationOf(ana.page);
      await anaView.getByRole('button', { name: 'Take offline' }).click();
      const dialog = ana.page.getByRole('dialog', { name: 'Take this conversation offline' });
      await expect(dialog.getByRole('textbox', { name: 'Private message' })).toHaveValue(/What number can I call you on/, { timeout: LIVE_TIMEOUT });
      await dialog.getByRole('button', { name: 'Post and send' }).click();
      await expect(dialog).toHaveCount(0, { timeout: LIVE_TIMEOUT });
      await expect(anaView.getByText('You are handling this conversation')).toBeVisible();
      const handler = await team.admin.query<{ handler: string | null }>('select handler from conversations where id = $1', [complaint]);
      expect(handler.rows).toEqual([{ handler: 'ana' }]);
    });

    await test.step('the acknowledgement lands in Carla’s thread; the private message reaches her through the chat stand-in and she answers with her number', async () => {
      await expect
        .poll(
          async () =>
            (await carla.agent.com.atproto.repo.listRecords({ repo: network.brand.did, collection: 'app.bsky.feed.post', limit: 100 })).data.records
              .filter((record) => (record.value as { reply?: { parent?: { uri?: string } } }).reply?.parent?.uri === complaint)
              .map((record) => (record.value as { text?: string }).text ?? ''),
          { timeout: LIVE_TIMEOUT },
        )
        .toEqual([expect.stringContaining("We've sent you a private message, @carla.test")]);
      const carlaChat = new ChatClient(carla.agent, { url: network.chat.url, did: network.chat.did }, Date.now);
      const convo = await carlaChat.convoWith(network.brand.did);
      await expect
        .poll(
          async () =>
            (await carlaChat.convo.getMessages({ convoId: convo.id })).data.messages.map((message) => (message as { text?: string }).text ?? '').join('\n'),
          { timeout: LIVE_TIMEOUT },
        )
        .toContain('What number can I call you on');
      await carlaChat.convo.sendMessage({ convoId: convo.id, message: { text: 'Please call me on +1 212 555 0123' } });
      await expect(conversationOf(ana.page)).toContainText('sent the number', { timeout: LIVE_TIMEOUT });
    });

    await test.step('Ben reads the whole case from the team database, in order: post → acknowledgement → private messages', async () => {
      const view = conversationOf(ben.page);
      const items = view.locator('ol.thread > li');
      await expect(items.filter({ hasText: 'Please call me on' })).toHaveCount(1, { timeout: LIVE_TIMEOUT });
      const steps = [text, "We've sent you a private message", 'What number can I call you on', 'Please call me on'];
      const texts = await items.allTextContents();
      const positions = steps.map((step) => texts.findIndex((item) => item.includes(step)));
      expect(positions.every((position) => position >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    });

    await test.step('Ben reads "Handled by Ana Ruiz"; "Take offline", "Call now" and Send are disabled and say Ana handles the case', async () => {
      const view = conversationOf(ben.page);
      const reason = 'Ana Ruiz is handling this case: only they can take it offline, call the customer or post the closing note.';
      await expect(view.getByText('Handled by Ana Ruiz')).toBeVisible();
      await expect(view.getByText(reason)).toBeVisible();
      for (const name of ['Take offline', 'Call now']) {
        const control = view.getByRole('button', { name });
        await expect(control).toBeDisabled();
        await expect(control).toHaveAccessibleDescription(reason);
      }
      await expect(view.getByText('Ana Ruiz is handling this conversation')).toBeVisible();
      await view.getByRole('radio', { name: 'Private message' }).check();
      await expect(view.getByRole('button', { name: 'Send privately' })).toBeDisabled();
      // Ana's own desk still acts on it.
      await expect(conversationOf(ana.page).getByRole('button', { name: 'Call now' })).toBeEnabled();
    });

    await test.step('Ben’s view of Ana’s case at 1280×720', async () => {
      await ben.page.setViewportSize({ width: 1280, height: 720 });
      // From "Handled by Ana Ruiz" and the disabled "Take offline" down into the case.
      await conversationOf(ben.page)
        .getByRole('button', { name: 'Take offline' })
        .evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await ben.page.screenshot({ path: 'test-results/screenshots/team-case-ben-1280x720.png' });
    });
  });
});
