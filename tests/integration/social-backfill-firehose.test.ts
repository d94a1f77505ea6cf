/**
 * Backfill without an AppView (issue 12, item 3) against Bluesky's reference
 * PLC + PDS alone on loopback, where every `app.bsky.*` read fails: Ana's desk
 * connects the account for the first time, finds no notifications to read,
 * and replays the PDS's firehose from its earliest cursor instead. What
 * customers posted in the last 24 hours is waiting, each post once; a post
 * older than that (its record says so) is not; the same stream then goes on
 * live.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBlueskyPds, type BlueskyAccount, type BlueskyPds } from '../peers/blueskyPds';
import { assertLoopbackOnly } from '../peers/netns';
import { openBrandDesk, post } from './support/bluesky';
import { step } from './support/step';

const BRAND = 'replaybrand.test';
const HOUR = 3_600_000;

let network: BlueskyPds;
let brand: BlueskyAccount;
let appPassword: string;
let carla: BlueskyAccount;
let dan: BlueskyAccount;
let erin: BlueskyAccount;
let dataDir: string;

beforeAll(async () => {
  assertLoopbackOnly();
  network = await startBlueskyPds();
  brand = await network.createAccount(BRAND);
  appPassword = await network.createAppPassword(brand);
  carla = await network.createAccount('carla.test');
  dan = await network.createAccount('dan.test');
  erin = await network.createAccount('erin.test');
  dataDir = await mkdtemp(join(tmpdir(), 'tandem-replay-'));
});

afterAll(async () => {
  await network?.close();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

describe('The first connection to a PDS without an AppView replays its firehose', () => {
  it('the day’s mention and reply reach the inbox once, a two-day-old mention does not, and a new mention follows live', async () => {
    const before = await step('before the desk exists, Carla mentions the brand, Dan replies to it, and Erin’s mention is dated two days ago', async () => {
      await expect(brand.agent.app.bsky.notification.listNotifications({ limit: 1 }), 'this PDS has no AppView').rejects.toThrow();
      const announcement = await post(brand, 'Our new phone is out today.');
      const mention = await post(carla, `@${BRAND} my order never arrived`, {}, { [BRAND]: brand.did });
      const reply = await post(dan, 'Mine neither!', { reply: { root: announcement, parent: announcement } });
      // A record's createdAt is the author's to set (an import, a client's clock): the window reads it.
      const old = await post(
        erin,
        `@${BRAND} still waiting since Tuesday`,
        { createdAt: new Date(Date.now() - 48 * HOUR).toISOString() },
        { [BRAND]: brand.did },
      );
      const unrelated = await post(erin, 'Lovely weather today');
      return { mention, reply, old, unrelated };
    });

    const openedAt = Date.now();
    const desk = await openBrandDesk({ service: network.url, handle: BRAND, appPassword, dataDir });
    try {
      await step('the desk connects for the first time and the waiting posts arrive, as a mention and a reply', async () => {
        await desk.connector('live');
        const mention = await desk.item((item) => item.uri === before.mention.uri);
        const reply = await desk.item((item) => item.uri === before.reply.uri);
        expect(mention).toMatchObject({ kind: 'mention', author: { did: carla.did } });
        expect(reply).toMatchObject({ kind: 'reply', author: { did: dan.did } });
      });

      const live = await step('a mention posted now follows live on the same stream', async () => {
        const live = await post(carla, `@${BRAND} any news?`, {}, { [BRAND]: brand.did });
        await desk.item((item) => item.uri === live.uri);
        return live;
      });

      await step('the journal holds each post once, and nothing from before the window', async () => {
        // The live mention came after the whole replay on one ordered stream: whatever the replay kept is journalled by now.
        const uris = (await desk.journal()).map((item) => item.uri);
        for (const uri of [before.mention.uri, before.reply.uri, live.uri]) expect(uris.filter((kept) => kept === uri)).toHaveLength(1);
        expect(uris).not.toContain(before.old.uri);
        expect(uris).not.toContain(before.unrelated.uri);
        expect(new Set(uris).size).toBe(uris.length);
      });
    } finally {
      await desk.close();
    }

    await step('the next start resumes from the stored cursor: no replay, nothing doubled, and what came meanwhile arrives', async () => {
      const meanwhile = await post(dan, `@${BRAND} hello again`, {}, { [BRAND]: brand.did });
      const again = await openBrandDesk({ service: network.url, handle: BRAND, appPassword, dataDir });
      try {
        await again.item((item) => item.uri === meanwhile.uri);
        const uris = (await again.journal()).map((item) => item.uri);
        expect(uris.filter((uri) => uri === before.mention.uri)).toHaveLength(1);
        expect(uris).not.toContain(before.old.uri);
        expect(new Set(uris).size).toBe(uris.length);
      } finally {
        await again.close();
      }
    });

    await step('a desk stopped in the middle of its first replay goes on with the same 24-hour window: the two-day-old mention still stays out', async () => {
      // What a desk killed mid-replay leaves on disk: a cursor still at the start of the log, and the replay's window.
      const cursors = await findFile(dataDir, 'cursors.json');
      const midway = await mkdtemp(join(tmpdir(), 'tandem-replay-midway-'));
      try {
        const file = join(midway, relative(dataDir, cursors));
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, JSON.stringify({ firehoseSeq: 0, chatCursor: null, replay: { since: openedAt - 24 * HOUR, openedAt } }));
        const resumed = await openBrandDesk({ service: network.url, handle: BRAND, appPassword, dataDir: midway });
        try {
          await resumed.item((item) => item.uri === before.mention.uri);
          // A post made now comes after every replayed event on the one ordered stream.
          const now = await post(carla, `@${BRAND} still there?`, {}, { [BRAND]: brand.did });
          await resumed.item((item) => item.uri === now.uri);
          const uris = (await resumed.journal()).map((item) => item.uri);
          expect(uris).not.toContain(before.old.uri);
          expect(uris).not.toContain(before.unrelated.uri);
          expect(new Set(uris).size).toBe(uris.length);
        } finally {
          await resumed.close();
        }
      } finally {
        await rm(midway, { recursive: true, force: true });
      }
    });
  });
});

/** The one file called `name` under `dir`, wherever the desk keeps it. */
async function findFile(dir: string, name: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const found = entries.filter((entry) => entry.isFile() && entry.name === name);
  if (found.length !== 1) throw new Error(`expected one ${name} under ${dir}, found ${found.length}`);
  return join(found[0]!.parentPath, found[0]!.name);
}
