/**
 * The social desk end to end: Bluesky's reference PLC + PDS (in-process, from
 * @atproto/dev-env; for the desk's stories also the AppView, indexing into a
 * throwaway PostgreSQL) and the chat stand-in, the real browser host
 * (out/main/web.cjs) and its renderer in Debian's Chromium. Everything is
 * found by role and accessible name, as a screen reader user would.
 *
 * Run inside a loopback-only network namespace:
 *   unshare -n bash -c 'ip link set lo up && npx playwright test --project=e2e tests/e2e/social.spec.ts'
 */
import { readdir, readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { join } from 'node:path';
import { ChatClient } from '../../main/core/social/bluesky/chat';
import { follow, type BlueskyAccount } from '../peers/blueskyPds';
import { assertLoopbackOnly } from '../peers/netns';
import { expect, startHost, test, type TandemHost } from './fixtures';
import { postMention, setProfile, SIGNATURE, startRestartableHost, startSocialNetwork, type SocialNetwork } from './support/bluesky';
import { allInboxRows, conversationOf, inboxOf, listeningOf, openConversation, rowWith } from './support/blueskyPage';

const LIVE_TIMEOUT = 30_000;

/** The element is inside the window without scrolling the page or any of its columns. */
async function expectInViewport(page: Page, locator: Locator): Promise<void> {
  const viewport = page.viewportSize();
  if (viewport === null) throw new Error('no viewport');
  await expect(locator).toBeVisible();
  await expect
    .poll(async () => {
      const box = await locator.boundingBox();
      return box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= viewport.height && box.x + box.width <= viewport.width;
    })
    .toBe(true);
}

test.describe('the social desk against a local Bluesky PDS and AppView', () => {
  let network: SocialNetwork;
  let host: TandemHost;
  let carla: BlueskyAccount;
  let dan: BlueskyAccount;

  test.beforeAll(async () => {
    assertLoopbackOnly();
    network = await startSocialNetwork('deskbrand.test', { appView: true });
    carla = await network.pds.createAccount('carla.test');
    dan = await network.pds.createAccount('dan.test');
    await setProfile(carla, 'Carla Ruiz', 'Loves phones.');
    // Two people follow Carla, so the desk can show her reach.
    for (const fan of [await network.pds.createAccount('fan-one.test'), await network.pds.createAccount('fan-two.test')]) await follow(fan, carla);
    // The desk reads authors from the AppView when their posts arrive: it must have indexed them by then.
    const appView = network.pds.appView;
    if (appView === null) throw new Error('the social desk stories need the AppView');
    await appView.waitForProfile(carla.did, (profile) => profile.displayName === 'Carla Ruiz' && profile.followersCount === 2);
    await appView.waitForProfile(dan.did, (profile) => profile.handle === 'dan.test');
    host = await startHost(network.profile());
  });

  test.afterAll(async () => {
    await host?.stop();
    await network?.close();
  });

  test('an angry mention appears in the Inbox with the author, a PUBLIC marker and a negative sentiment with its words', async ({ page }) => {
    const text = 'this is the worst service ever, my phone is broken and I am furious';
    const row = rowWith(page, text);
    const conversation = conversationOf(page);

    await test.step('the desk is live', async () => {
      await host.open(page);
      await expect(page.getByText('Live', { exact: true })).toBeVisible({
        timeout: LIVE_TIMEOUT,
      });
    });

    await test.step('Carla’s angry mention shows once in the Inbox, public, with her name and a High chip', async () => {
      await postMention(carla, network.brand, text);
      await expect(row).toBeVisible();
      await expect(row).toHaveCount(1);
      await expect(row.getByText('@carla.test')).toBeVisible();
      await expect(row.getByText('Public', { exact: true })).toBeVisible();
      // A public complaint is at least High (issue 12: a word on a chip, the score in its tooltip).
      await expect(row.getByText(/^(High|Urgent)$/)).toHaveAttribute('title', /^Priority score \d+$/);
    });

    await test.step('the open conversation shows her profile from the AppView, and a negative score with the words behind it', async () => {
      await openConversation(page, text);
      await expect(conversation.getByText('Carla Ruiz').first()).toBeVisible();
      await expect(conversation.getByText('2 followers', { exact: true })).toBeVisible();
      await expect(conversation.getByText('Public', { exact: true }).first()).toBeVisible();
      // "Sentiment -2.3 (Negative) · Driven by worst (-3), furious (-3), broken (-1)"
      await expect(conversation).toContainText(/Sentiment [-−]\d+(\.\d)? \(Negative\)/);
      await expect(conversation).toContainText(/Driven by .*worst \([-−]3\)/);
      await expect(conversation).toContainText(/furious \([-−]\d\)/);
      const score = Number((/Sentiment ([-−][\d.]+)/.exec((await conversation.textContent()) ?? '')?.[1] ?? 'NaN').replace('−', '-'));
      expect(score).toBeLessThan(0);
    });
  });

  test('the agent likes Carla’s mention: one like of her post on the PDS, however often the agent clicks', async ({ page }) => {
    const text = 'the new headphones arrived a day early, great job';
    const post = conversationOf(page).getByRole('listitem').filter({ hasText: text });
    const liked = post.getByRole('button', { name: 'Liked', exact: true });

    const mention = await test.step('the desk is live and Carla mentions the brand', async () => {
      await host.open(page);
      await expect(page.getByText('Live', { exact: true })).toBeVisible({
        timeout: LIVE_TIMEOUT,
      });
      return postMention(carla, network.brand, text);
    });
    const likesOfMention = async () =>
      (await carla.agent.com.atproto.repo.listRecords({ repo: network.brand.did, collection: 'app.bsky.feed.like', limit: 100 })).data.records.filter(
        (record) => (record.value as { subject?: { uri?: string } }).subject?.uri === mention.uri,
      );

    await test.step('the agent double-clicks Like: the post reads Liked and the PDS holds one like', async () => {
      await openConversation(page, text);
      await post.getByRole('button', { name: 'Like', exact: true }).dblclick();
      await expect(liked).toBeVisible({ timeout: 20_000 });
      await expect.poll(async () => (await likesOfMention()).length).toBe(1);
    });

    await test.step('after a reload the post still reads Liked, and clicking it sends nothing more', async () => {
      // Main's snapshot still lists the sent like.
      await page.reload();
      await expect(page.getByText('Live', { exact: true })).toBeVisible({ timeout: LIVE_TIMEOUT });
      await openConversation(page, text);
      await expect(liked).toBeVisible();
      await expect(post.getByRole('button', { name: 'Like', exact: true })).toHaveCount(0);
      // aria-disabled (it keeps focus), so Playwright would wait for it to enable: click it as a user can.
      await liked.click({ force: true });
      await expect(liked).toBeVisible();
      const likes = await likesOfMention();
      expect(likes.map((record) => record.value)).toEqual([expect.objectContaining({ subject: { uri: mention.uri, cid: mention.cid } })]);
    });

    await test.step('the network agrees: the AppView counts one like of Carla’s post, by the brand', async () => {
      await expect
        .poll(async () => (await carla.agent.app.bsky.feed.getLikes({ uri: mention.uri })).data.likes.map((like) => like.actor.did), { timeout: 15_000 })
        .toEqual([network.brand.did]);
    });
  });

  test('the agent replies from the composer (preview, confirm): the reply is in the customer’s thread on the PDS', async ({ page }) => {
    const text = 'my order 5512 never arrived, what is going on?';
    const replyText = `Hi Carla, sorry about order 5512, we are checking with the courier now.\n${SIGNATURE}`;
    const conversation = conversationOf(page);

    const mention = await test.step('the desk is live and Carla mentions the brand', async () => {
      await host.open(page);
      await expect(page.getByText('Live', { exact: true })).toBeVisible({
        timeout: LIVE_TIMEOUT,
      });
      return postMention(carla, network.brand, text);
    });

    await test.step('the agent writes a reply, warned it is public, and sends it', async () => {
      await openConversation(page, text);
      await expect(conversation.getByText('PUBLIC reply: everyone on Bluesky can read it, in reply to @carla.test.')).toBeVisible();
      await conversation.getByRole('textbox', { name: 'Reply' }).fill(replyText);
      await conversation.getByRole('button', { name: 'Send publicly' }).click();
    });

    await test.step('"Read everything twice": the preview takes focus and shows the exact text; the agent confirms', async () => {
      const preview = conversation.getByRole('heading', {
        name: 'Preview: read everything twice',
      });
      await expect(preview).toBeFocused();
      const previewRegion = conversation.getByRole('region', {
        name: 'Preview: read everything twice',
      });
      await expect(previewRegion).toContainText('This will be posted publicly as @deskbrand.test, in reply to @carla.test');
      expect(((await previewRegion.getByRole('blockquote').textContent()) ?? '').replace(/\s+/g, ' ')).toBe(replyText.replace(/\s+/g, ' '));
      await conversation.getByRole('button', { name: 'Confirm' }).click();
    });

    await test.step('the open thread shows our reply once journalled, listed once, and the composer is emptied', async () => {
      await expect(conversation.getByRole('listitem').filter({ hasText: 'Our reply' })).toContainText('sorry about order 5512', { timeout: 20_000 });
      await expect(conversation.getByRole('region', { name: 'Sent from this desk' })).toHaveCount(0);
      await expect(conversation.getByRole('textbox', { name: 'Reply' })).toHaveValue('');
    });

    await test.step('on the network the brand’s reply has Carla’s post as root and parent', async () => {
      let replyUri = '';
      await expect
        .poll(async () => {
          const records = await carla.agent.com.atproto.repo.listRecords({
            repo: network.brand.did,
            collection: 'app.bsky.feed.post',
            limit: 100,
          });
          const replies = records.data.records.filter(
            (record) => (record.value as { reply?: { parent?: { uri?: string } } }).reply?.parent?.uri === mention.uri,
          );
          replyUri = replies[0]?.uri ?? '';
          return replies.length;
        })
        .toBe(1);
      const reply = await carla.agent.com.atproto.repo.getRecord({
        repo: network.brand.did,
        collection: 'app.bsky.feed.post',
        rkey: replyUri.split('/').at(-1) ?? '',
      });
      expect(reply.data.value).toMatchObject({
        text: replyText,
        reply: {
          root: { uri: mention.uri, cid: mention.cid },
          parent: { uri: mention.uri, cid: mention.cid },
        },
      });
    });

    await test.step('reopening shows the same thread from Dexie, on screen without scrolling at 1280×720 and 1920×1080', async () => {
      await openConversation(page, text);
      await expect(conversation.getByRole('listitem').filter({ hasText: 'Our reply' })).toContainText('sorry about order 5512');
      await page.setViewportSize({ width: 1280, height: 720 });
      await expectInViewport(page, conversation.getByRole('listitem').filter({ hasText: 'Our reply' }));
      await expectInViewport(page, conversation.getByRole('textbox', { name: 'Reply' }));
      await expectInViewport(page, conversation.getByRole('button', { name: 'Send publicly' }));
      await page.screenshot({
        path: 'test-results/screenshots/social-conversation.png',
      });
      await page.setViewportSize({ width: 1920, height: 1080 });
      await expectInViewport(page, conversation.getByRole('button', { name: 'Send publicly' }));
      await page.screenshot({
        path: 'test-results/screenshots/social-conversation-1080.png',
      });
    });
  });

  test('the open thread shows the brand’s reply once it is sent, and the customer’s answer, without reopening the conversation', async ({ page }) => {
    const text = 'is anyone reading this? my screen cracked on day one';
    const conversation = conversationOf(page);

    const mention = await test.step('the desk is live, Carla mentions the brand and the agent opens her post', async () => {
      await host.open(page);
      await expect(page.getByText('Live', { exact: true })).toBeVisible({
        timeout: LIVE_TIMEOUT,
      });
      const posted = await postMention(carla, network.brand, text);
      await openConversation(page, text);
      await expect(conversation.getByRole('listitem').filter({ hasText: text })).toBeVisible();
      return posted;
    });

    await test.step('the agent replies publicly and the open thread shows our reply', async () => {
      await conversation.getByRole('textbox', { name: 'Reply' }).fill(`Yes Carla, we are here and sorry about the screen.\n${SIGNATURE}`);
      await conversation.getByRole('button', { name: 'Send publicly' }).click();
      await conversation.getByRole('button', { name: 'Confirm' }).click();
      await expect(conversation.getByRole('listitem').filter({ hasText: 'Our reply' })).toContainText('sorry about the screen', { timeout: 20_000 });
    });

    await test.step('Carla answers our reply in the same thread and the open thread shows it, our reply still once', async () => {
      const records = await carla.agent.com.atproto.repo.listRecords({ repo: network.brand.did, collection: 'app.bsky.feed.post', limit: 100 });
      const ours = records.data.records.find((record) => (record.value as { reply?: { parent?: { uri?: string } } }).reply?.parent?.uri === mention.uri);
      if (ours === undefined) throw new Error('our reply is not on the PDS');
      await carla.agent.com.atproto.repo.createRecord({
        repo: carla.did,
        collection: 'app.bsky.feed.post',
        record: {
          $type: 'app.bsky.feed.post',
          text: 'thanks, waiting for your DM',
          createdAt: new Date().toISOString(),
          reply: { root: mention, parent: { uri: ours.uri, cid: ours.cid } },
        },
      });
      await expect(conversation.getByRole('listitem').filter({ hasText: 'thanks, waiting for your DM' })).toBeVisible({ timeout: 10_000 });
      await expect(conversation.getByRole('listitem').filter({ hasText: 'Our reply' })).toHaveCount(1);
    });
  });

  test('a private message round trip through the chat stand-in shows a PRIVATE marker and Send privately', async ({ page }) => {
    const carlaChat = new ChatClient(carla.agent, { url: network.chat.url, did: network.chat.did }, Date.now);
    const text = 'Here is my address for the replacement: 12 Calle Mayor';
    const answer = `Thanks Carla, the replacement ships tomorrow.\n${SIGNATURE}`;
    const row = rowWith(page, text);
    const conversation = conversationOf(page);

    await test.step('the desk is live', async () => {
      await host.open(page);
      await expect(page.getByText('Live', { exact: true })).toBeVisible({
        timeout: LIVE_TIMEOUT,
      });
    });

    const convo = await test.step('Carla sends a private message and it shows in the Inbox marked Private', async () => {
      const opened = await carlaChat.convoWith(network.brand.did);
      await carlaChat.convo.sendMessage({ convoId: opened.id, message: { text } });
      await expect(row).toBeVisible({ timeout: 20_000 });
      await expect(row.getByText('Private', { exact: true })).toBeVisible();
      await expect(row.getByText('@carla.test')).toBeVisible();
      return opened;
    });

    await test.step('the conversation says only Carla will see the answer and offers Send privately, not Send publicly', async () => {
      await openConversation(page, text);
      await expect(conversation.getByText('PRIVATE message: only @carla.test will see it.')).toBeVisible();
      await expect(conversation.getByRole('button', { name: 'Send publicly' })).toHaveCount(0);
      await conversation.getByRole('textbox', { name: 'Reply' }).fill(answer);
      await conversation.getByRole('button', { name: 'Send privately' }).click();
    });

    await test.step('the thread shows our message once, and Carla receives it in her chat', async () => {
      // Once the thread shows our message, it is not repeated under "Sent from this desk".
      await expect(conversation.getByRole('listitem').filter({ hasText: 'Our reply' })).toContainText('replacement ships tomorrow', { timeout: 20_000 });
      await expect(conversation.getByRole('region', { name: 'Sent from this desk' })).toHaveCount(0);
      await expect
        .poll(async () => (await carlaChat.convo.getMessages({ convoId: convo.id })).data.messages.map((message) => (message as { text?: string }).text))
        .toEqual([answer, text]);
    });

    await test.step('nothing private went to the PDS as a post', async () => {
      const brandPosts = await carla.agent.com.atproto.repo.listRecords({
        repo: network.brand.did,
        collection: 'app.bsky.feed.post',
        limit: 100,
      });
      expect(brandPosts.data.records.filter((record) => (record.value as { text?: string }).text === answer)).toEqual([]);
    });
  });

  test('a listening rule matches a post that does not address the brand: it shows under Listening, not in the Inbox', async ({ page }) => {
    const listening = listeningOf(page);
    const matching = 'Thinking about buying an ACME phone, any advice?';

    await test.step('the desk is live', async () => {
      await host.open(page);
      await expect(page.getByText('Live', { exact: true })).toBeVisible({
        timeout: LIVE_TIMEOUT,
      });
    });

    await test.step('the agent opens Listening (collapsed by default) and adds the "Acme phones" rule', async () => {
      // Collapsed by default so the inbox and the open conversation keep the room.
      await listening.getByRole('button', { name: 'Listening' }).click();
      await expect(listening.getByRole('button', { name: 'Listening' })).toHaveAttribute('aria-expanded', 'true');
      await listening.getByRole('textbox', { name: 'Rule name' }).fill('Acme phones');
      await listening.getByRole('textbox', { name: 'Any of these words' }).fill('acme phone, acmephone');
      await listening.getByRole('textbox', { name: 'None of these words' }).fill('job');
      await listening.getByRole('button', { name: 'Add rule' }).click();
      await expect(listening.getByRole('button', { name: 'Remove Acme phones' })).toBeVisible();
    });

    await test.step('Dan posts a job ad and a question about Acme phones: only the question shows, under Listening and not in the Inbox', async () => {
      await postMention(dan, null, 'Acme Phone job opening, apply now');
      await postMention(dan, null, matching);
      const match = listening.getByRole('listitem').filter({ hasText: matching });
      await expect(match).toBeVisible({ timeout: 20_000 });
      await expect(match).toContainText('@dan.test');
      await expect(match).toContainText('Rule: Acme phones');
      await expect(listening.getByRole('listitem').filter({ hasText: 'job opening' })).toHaveCount(0);
      await expect(inboxOf(page).getByRole('listitem').filter({ hasText: matching })).toHaveCount(0);
      expect((await allInboxRows(page)).filter((row) => row.includes('ACME phone'))).toEqual([]);
    });
  });

  test('a tab whose meaning engine is gone (an upgrade replaced the files) says so, and its Reload brings the mention in', async ({ page }) => {
    const text = 'my parcel never came and nobody answers, I want a refund';
    const social = page.getByRole('region', { name: 'Social' });

    await test.step('the desk is live, but the meaning engine’s file is gone from the host', async () => {
      // As a tab open across an upgrade: it asks for the old build's chunk name, which no longer exists.
      await page.route('**/assets/analyseMeaning-*.js', (route) => route.fulfill({ status: 404, body: '' }));
      await host.open(page);
      await expect(page.getByText('Live', { exact: true })).toBeVisible({ timeout: LIVE_TIMEOUT });
    });

    await test.step('Carla’s mention cannot be judged: the desk says why and offers a reload, not a storage failure', async () => {
      await postMention(carla, network.brand, text);
      const alert = social.getByRole('alert').filter({ hasText: "New posts couldn't be read." });
      await expect(alert).toBeVisible({ timeout: LIVE_TIMEOUT });
      await expect(alert).toContainText('Reload this page; nothing is lost.');
      await expect(alert.getByRole('button', { name: 'Reload' })).toBeVisible();
      await expect(social.getByText("Conversations couldn't be saved on this computer.")).toHaveCount(0);
      await expect(rowWith(page, text)).toHaveCount(0);
      await page.screenshot({ path: 'test-results/screenshots/social-engine-unavailable.png' });
    });

    await test.step('the new files are there; Reload brings the mention in, once', async () => {
      await page.unroute('**/assets/analyseMeaning-*.js');
      await social.getByRole('button', { name: 'Reload' }).click();
      await expect(rowWith(page, text)).toHaveCount(1, { timeout: LIVE_TIMEOUT });
      await expect(social.getByRole('alert')).toHaveCount(0);
    });
  });

  test('a wrong app password: the connector shows the credentials were rejected, with a clear message', async ({ page }) => {
    const wrong = await startHost(network.profile({ appPassword: 'wrong-wrong-wrong-wrong' }));
    try {
      await page.goto(wrong.url);
      const accounts = page.getByRole('list', { name: 'Social accounts' });
      await expect(accounts.getByRole('listitem').filter({ hasText: '@deskbrand.test' })).toContainText('Password rejected', { timeout: LIVE_TIMEOUT });
      await expect(accounts.getByRole('alert')).toHaveText(
        "Bluesky rejected this account's handle or app password. Ask your administrator to set a new app password.",
      );
      await expect(page.getByText('Live', { exact: true })).toHaveCount(0);
    } finally {
      await wrong.stop();
    }
  });
});

test.describe('restarts against a local Bluesky PDS', () => {
  const readJournal = async (dataDir: string) =>
    (await readFile(join(dataDir, 'social', 'journal.jsonl'), 'utf8').catch(() => ''))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { uri: string; seq: number });

  /** The firehose positions saved on disk, one per account folder that has one. */
  const savedFirehoseSeqs = async (dataDir: string): Promise<number[]> => {
    const accounts = join(dataDir, 'social', 'accounts');
    const folders = await readdir(accounts).catch(() => []);
    const seqs = await Promise.all(
      folders.map(async (folder) => {
        const text = await readFile(join(accounts, folder, 'cursors.json'), 'utf8').catch(() => '{}');
        try {
          return (JSON.parse(text) as { firehoseSeq?: number | null }).firehoseSeq ?? null;
        } catch {
          return null; // caught mid-write: not there yet
        }
      }),
    );
    return seqs.filter((seq): seq is number => seq !== null);
  };

  test('the host is killed mid-stream and the PDS restarts: every mention appears exactly once', async ({ page }) => {
    test.setTimeout(150_000);
    assertLoopbackOnly();
    const network = await startSocialNetwork('restartbrand.test');
    const erin = await network.pds.createAccount('erin.test');
    const host = await startRestartableHost(network.profile({ chat: false }));
    try {
      const tag = `outage${Date.now().toString(36)}`;
      const posted: string[] = [];
      const mention = async (index: number) => posted.push((await postMention(erin, network.brand, `${tag} number ${index} still waiting`)).uri);
      const expectRows = async (count: number) => {
        await expect(inboxOf(page).getByText(`${count} conversations`, { exact: true })).toBeVisible({ timeout: 30_000 });
        const rows = (await allInboxRows(page)).filter((row) => row.includes(tag));
        for (let index = 0; index < count; index += 1) {
          expect(
            rows.filter((row) => row.includes(`${tag} number ${index} still`)),
            `mention #${index}`,
          ).toHaveLength(1);
        }
        expect(rows).toHaveLength(count);
      };
      const journalled = async () => (await readJournal(host.dataDir)).filter((item) => posted.includes(item.uri));

      await test.step('the desk is live and Erin’s first three mentions show once each', async () => {
        await page.goto(host.url);
        await expect(page.getByText('Live', { exact: true })).toBeVisible({
          timeout: LIVE_TIMEOUT,
        });
        for (let index = 0; index < 3; index += 1) await mention(index);
        await expectRows(3);
      });

      await test.step('the app is killed and the PDS restarts while mentions keep coming; back up, main journals each of the 12 once', async () => {
        // Kill the app (SIGKILL: no clean shutdown) while mentions keep coming …
        const killing = host.stop('SIGKILL');
        for (let index = 3; index < 6; index += 1) await mention(index);
        await killing;
        for (let index = 6; index < 9; index += 1) await mention(index);
        // … restart the PDS while the app is down …
        await network.pds.stop();
        await network.pds.start();
        for (let index = 9; index < 12; index += 1) await mention(index);
        // … and bring the app back: main catches up from its persisted cursor, each mention once.
        await host.start();
        await expect.poll(async () => (await journalled()).length, { timeout: 30_000 }).toBe(12);
      });

      await test.step('the PDS goes down with the app up: the open tab shows Retrying, then Live, and all 15 mentions once each', async () => {
        // Seeing the connector's "Retrying" proves the tab's socket is back (the header says it in the desk's one vocabulary).
        await network.pds.stop();
        await expect(page.getByRole('status', { name: 'Connection' })).toContainText('Bluesky: Retrying', { timeout: LIVE_TIMEOUT });
        // The account says why, in words (its last error), beside the countdown.
        await expect(page.getByRole('list', { name: 'Social accounts' })).toContainText("The network can't be reached. Tandem keeps trying.");
        await page.screenshot({ path: 'test-results/screenshots/social-account-retrying.png' });
        await network.pds.start();
        await expect(page.getByText('Live', { exact: true })).toBeVisible({
          timeout: LIVE_TIMEOUT,
        });
        for (let index = 12; index < 15; index += 1) await mention(index);
        await expectRows(15);
      });

      await test.step('after a reload (IndexedDB first, then catch-up) the inbox still holds 15, once each', async () => {
        await page.reload();
        await expectRows(15);
      });

      await test.step('main’s journal holds each mention exactly once', async () => {
        const ours = await journalled();
        expect(ours.map((item) => item.uri).sort()).toEqual([...posted].sort());
        expect(new Set(ours.map((item) => item.seq)).size).toBe(15);
      });
    } finally {
      await host.close();
      await network.close();
    }
  });

  test('the host is killed moments after its first mention on a fresh install: what is posted while it is down still arrives', async ({ page }) => {
    // A fresh install has no saved firehose cursor; killed before it saved one, the restart used to subscribe
    // at the live tip and lose everything posted while it was down.
    test.setTimeout(90_000);
    assertLoopbackOnly();
    const network = await startSocialNetwork('freshbrand.test');
    const erin = await network.pds.createAccount('erin3.test');
    const host = await startRestartableHost(network.profile({ chat: false }));
    try {
      await test.step('the fresh desk is live and shows Erin’s very first mention', async () => {
        await page.goto(host.url);
        await expect(page.getByText('Live', { exact: true })).toBeVisible({
          timeout: LIVE_TIMEOUT,
        });
        await postMention(erin, network.brand, 'the very first mention');
        await expect(rowWith(page, 'the very first mention')).toBeVisible();
      });

      await test.step('the app is killed, Erin posts again, and the restarted app journals both', async () => {
        // The first position (just before the first event, so a refused delivery is asked for again) is written at once;
        // the kill comes once it is on disk, as a crash a moment later would find it.
        await expect.poll(async () => savedFirehoseSeqs(host.dataDir), { timeout: LIVE_TIMEOUT }).not.toEqual([]);
        await host.stop('SIGKILL');
        await postMention(erin, network.brand, 'posted while the fresh app was down');
        await host.start();
        await expect.poll(async () => (await readJournal(host.dataDir)).map((item) => item.uri).length, { timeout: 30_000 }).toBe(2);
      });

      await test.step('after a reload the inbox shows both conversations', async () => {
        await page.reload();
        await expect(rowWith(page, 'posted while the fresh app was down')).toBeVisible();
        await expect(inboxOf(page).getByText('2 conversations', { exact: true })).toBeVisible();
      });
    } finally {
      await host.close();
      await network.close();
    }
  });

  test('after the host restarts, the open tab shows what main caught up on without waiting for a new mention', async ({ page }) => {
    // Main greets every new contract socket with `app:connected`; the tab re-runs its startup reads on
    // each one after the first, so what main journalled while the tab was away shows without waiting for
    // a later `social:items` gap. The tab's reconnects are refused until main has journalled the item,
    // which makes the order deterministic.
    test.setTimeout(90_000);
    assertLoopbackOnly();
    const network = await startSocialNetwork('restartbrand2.test');
    const erin = await network.pds.createAccount('erin2.test');
    const host = await startRestartableHost(network.profile({ chat: false }));
    let refuse = false;
    let connects = 0;
    await page.routeWebSocket(/\/contract/, (socket) => {
      if (refuse) {
        void socket.close();
        return;
      }
      connects += 1;
      socket.connectToServer();
    });
    try {
      await test.step('the desk is live and shows Erin’s first mention', async () => {
        await page.goto(host.url);
        await expect(page.getByText('Live', { exact: true })).toBeVisible({
          timeout: LIVE_TIMEOUT,
        });
        await postMention(erin, network.brand, 'before the restart');
        await expect(inboxOf(page).getByText('1 conversation', { exact: true })).toBeVisible();
      });

      await test.step('the app is killed, Erin posts while it is down, and the restarted app journals it (the tab kept away)', async () => {
        refuse = true;
        await host.stop('SIGKILL');
        await postMention(erin, network.brand, 'while the app was down');
        await host.start();
        await expect
          .poll(async () => (await readJournal(host.dataDir)).length, {
            timeout: 30_000,
          })
          .toBe(2);
      });

      await test.step('the tab reconnects and shows what main caught up on, with no new mention', async () => {
        const before = connects;
        refuse = false;
        // The tab is connected to the restarted host again …
        await expect.poll(() => connects, { timeout: 15_000 }).toBeGreaterThan(before);
        await expect(page.getByText('2 conversations', { exact: true }).or(page.getByText('1 conversation', { exact: true }))).toBeVisible();
        // … and shows what main caught up on while it was away.
        await expect(rowWith(page, 'while the app was down')).toBeVisible({
          timeout: 10_000,
        });
      });
    } finally {
      await host.close();
      await network.close();
    }
  });
});
