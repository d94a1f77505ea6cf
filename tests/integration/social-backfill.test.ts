/**
 * Backfill (issue 12, item 3) against Bluesky's reference PLC + PDS + AppView
 * on loopback: Ana's desk connects an account for the first time in the
 * morning, and what customers posted before then is waiting in the inbox,
 * each post once, before anything new arrives live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../peers/process';
import { startBlueskyPds, type BlueskyAccount, type BlueskyPds } from '../peers/blueskyPds';
import { assertLoopbackOnly } from '../peers/netns';
import { openBrandDesk, post } from './support/bluesky';
import { step } from './support/step';

const BRAND = 'earlybrand.test';

let network: BlueskyPds;
let brand: BlueskyAccount;
let appPassword: string;
let carla: BlueskyAccount;
let dan: BlueskyAccount;

beforeAll(async () => {
  assertLoopbackOnly();
  network = await startBlueskyPds({ appView: true });
  brand = await network.createAccount(BRAND);
  appPassword = await network.createAppPassword(brand);
  carla = await network.createAccount('carla.test');
  dan = await network.createAccount('dan.test');
  await network.appView?.waitForProfile(brand.did, (profile) => profile.handle === BRAND);
});

afterAll(async () => {
  await network?.close();
});

/** How many notifications the AppView has indexed for the brand (what the backfill can read). */
async function indexedNotifications(): Promise<number> {
  const { data } = await brand.agent.app.bsky.notification.listNotifications({ limit: 50 });
  return data.notifications.length;
}

describe('The first connection backfills what was posted before', () => {
  it(
    'Carla’s mention and Dan’s reply, posted before Tandem ever connected, reach the inbox once; a new mention follows live',
    { timeout: 120_000 },
    async () => {
      const { overnightMention, overnightReply } = await step('before the desk exists, Carla mentions the brand and Dan replies to its post', async () => {
        const announcement = await post(brand, 'Our new phone is out today.');
        // Overnight, hours pass between a post and its replies. The AppView indexes repos in parallel and finds a
        // reply's parent in its own tables to notify its author, so a reply indexed before its parent notifies no one.
        await pollUntil(async () => ((await brand.agent.app.bsky.feed.getPosts({ uris: [announcement.uri] })).data.posts.length > 0 ? true : undefined), {
          timeoutMs: 60_000,
          intervalMs: 100,
          what: 'the AppView indexing the brand’s announcement',
        });
        const overnightMention = await post(carla, `@${BRAND} my order never arrived`, {}, { [BRAND]: brand.did });
        const overnightReply = await post(dan, 'Mine neither!', { reply: { root: announcement, parent: announcement } });
        // The AppView indexes from the PDS's firehose a moment later.
        await pollUntil(async () => ((await indexedNotifications()) >= 2 ? true : undefined), {
          timeoutMs: 60_000,
          intervalMs: 100,
          what: 'the AppView indexing both notifications',
        });
        return { overnightMention, overnightReply };
      });

      const desk = await openBrandDesk({ service: network.url, handle: BRAND, appPassword });
      try {
        await step('the desk connects for the first time and the waiting posts arrive, as a mention and a reply', async () => {
          await desk.connector('live');
          const mention = await desk.item((item) => item.uri === overnightMention.uri);
          const reply = await desk.item((item) => item.uri === overnightReply.uri);
          expect(mention).toMatchObject({ kind: 'mention', author: { did: carla.did } });
          expect(reply).toMatchObject({ kind: 'reply', author: { did: dan.did } });
        });

        await step('a mention posted now follows live from the firehose', async () => {
          const live = await post(carla, `@${BRAND} any news?`, {}, { [BRAND]: brand.did });
          await desk.item((item) => item.uri === live.uri);
        });

        await step('each post is in the journal exactly once', async () => {
          const uris = (await desk.journal()).map((item) => item.uri);
          expect(uris.filter((uri) => uri === overnightMention.uri)).toHaveLength(1);
          expect(uris.filter((uri) => uri === overnightReply.uri)).toHaveLength(1);
          expect(new Set(uris).size).toBe(uris.length);
        });
      } finally {
        await desk.close();
      }
    },
  );
});
