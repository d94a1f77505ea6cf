import type { AtpAgent } from '@atproto/api';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import { backfillSince, BACKFILL_CAP, FirstConnectionBackfill, selectBackfill, type Notification } from '../../../main/core/social/bluesky/backfill';
import type { IncomingItem } from '../../../main/core/social/connector';
import type { Clock } from '../../../main/core/time/clock';
import { manualClock } from '../softphone/support/manualClock';
import { step } from '../../integration/support/step';

/**
 * Ana starts Tandem for the first time at 09:00. Overnight, customers
 * mentioned the brand, replied to it, quoted it, liked and followed it. The
 * backfill keeps only the posts addressed to the brand inside the window,
 * each once, and never more than an agent's queue can take.
 */
const BRAND = 'did:plc:brand';
const CARLA = 'did:plc:carla';
const NOW = Date.parse('2026-12-04T09:00:00Z');
const HOUR = 3_600_000;
const since = backfillSince(NOW, 24);

let next = 1;
function notification(reason: string, hoursAgo: number, record: Record<string, unknown> = { text: 'hi @brand' }, author = CARLA): Notification {
  const rkey = `3k${next++}`;
  return {
    uri: `at://${author}/app.bsky.feed.post/${rkey}`,
    cid: `bafy${rkey}`,
    author: { did: author, handle: 'carla.test' },
    reason,
    record: { $type: 'app.bsky.feed.post', createdAt: new Date(NOW - hoursAgo * HOUR).toISOString(), ...record },
    isRead: false,
    indexedAt: new Date(NOW - hoursAgo * HOUR).toISOString(),
    labels: [],
  };
}

describe('Backfilling the first connection', () => {
  it('the window is 24 hours before now by default, and 0 hours means none', () => {
    expect(backfillSince(NOW, 24)).toBe(NOW - 24 * HOUR);
    expect(backfillSince(NOW, 0)).toBe(NOW);
  });

  it('keeps the mentions, replies and quotes of the last 24 hours, and nothing older', () => {
    const fresh = notification('mention', 2);
    const old = notification('mention', 25);
    const kept = selectBackfill([fresh, old], { since, cap: BACKFILL_CAP, brandDid: BRAND });
    expect(kept.map((post) => post.uri)).toEqual([fresh.uri]);
  });

  it('leaves likes, follows and reposts out: they are not posts an agent answers', () => {
    const kept = selectBackfill([notification('like', 1), notification('follow', 1), notification('repost', 1)], { since, cap: 10, brandDid: BRAND });
    expect(kept).toEqual([]);
  });

  it('classifies the record as the live path does: a reply to a brand post is a reply even when listed as a mention', () => {
    const brandPost = `at://${BRAND}/app.bsky.feed.post/3kbrand`;
    const reply = notification('mention', 1, { text: 'still broken', reply: { root: { uri: brandPost }, parent: { uri: brandPost } } });
    expect(selectBackfill([reply], { since, cap: 10, brandDid: BRAND })[0]?.kind).toBe('reply');
  });

  it('keeps each post once, across pages too (what an earlier page already kept is "seen")', () => {
    const post = notification('mention', 1);
    expect(selectBackfill([post, post], { since, cap: 10, brandDid: BRAND })).toHaveLength(1);
    expect(selectBackfill([post], { since, cap: 10, brandDid: BRAND, seen: new Set([post.uri]) })).toEqual([]);
  });

  it("never takes the brand's own posts, and stops at the cap", () => {
    const own = notification('reply', 1, { text: 'thanks' }, BRAND);
    const many = Array.from({ length: 5 }, () => notification('mention', 1));
    expect(selectBackfill([own], { since, cap: 10, brandDid: BRAND })).toEqual([]);
    expect(selectBackfill(many, { since, cap: 3, brandDid: BRAND })).toHaveLength(3);
  });

  it('hands its items to the journal again when the journal could not store them: they are read only once', async () => {
    const time = manualClock();
    /** Resolves when the backfill next waits on the clock (it has been refused and will try again). */
    let waited: () => void = () => undefined;
    const nextWait = () => new Promise<void>((resolve) => (waited = resolve));
    const clock: Clock = {
      now: () => NOW,
      clearTimeout: (handle) => time.clearTimeout(handle),
      setTimeout: (run, ms) => {
        const handle = time.setTimeout(run, ms);
        waited();
        return handle;
      },
    };
    const overnight = [notification('mention', 3), notification('reply', 2)];
    const appView = { app: { bsky: { notification: { listNotifications: () => Promise.resolve({ data: { notifications: overnight } }) } } } };
    const build = (uri: string, cid: string, _post: unknown, kind: IncomingItem['kind'], authorDid: string) =>
      Promise.resolve({ uri, cid, kind, author: { did: authorDid } } as unknown as IncomingItem);
    const backfill = new FirstConnectionBackfill({
      agent: appView as unknown as AtpAgent,
      build,
      context: { accountId: 'bluesky:brand.test', log: silentLogger, clock },
      hours: 24,
    });
    const journalled: string[][] = [];
    let diskFull = true;
    const sink = {
      deliver: (items: readonly IncomingItem[]) => {
        if (diskFull) return Promise.reject(new Error('ENOSPC: no space left on device'));
        journalled.push(items.map((entry) => entry.uri));
        return Promise.resolve();
      },
      match: () => null,
    };
    let stopped = false;
    let delivering: Promise<void> = Promise.resolve();
    await step('Ana’s first connection reads two overnight posts, and the journal’s disk is full', async () => {
      const refused = nextWait();
      delivering = backfill.deliver(backfill.once(BRAND, true).items, sink, () => stopped);
      await refused;
      expect(journalled).toEqual([]);
    });
    await step('half a second later, with space again, the same posts are journalled, oldest first', async () => {
      diskFull = false;
      time.advance(500);
      await delivering;
      expect(journalled).toEqual([overnight.map((entry) => entry.uri).reverse()]);
    });
    await step('a reconnect repeats nothing: the backfill was read once', async () => {
      expect(await backfill.once(BRAND, true).items).toEqual([]);
    });
    await step('a connector that stops gives up waiting for the journal', async () => {
      const again = new FirstConnectionBackfill({
        agent: appView as unknown as AtpAgent,
        build,
        context: { accountId: 'b', log: silentLogger, clock },
        hours: 24,
      });
      diskFull = true;
      const refused = nextWait();
      const giving = again.deliver(Promise.resolve([overnight[0] as unknown as IncomingItem]), sink, () => stopped);
      await refused;
      stopped = true;
      time.advance(500);
      await giving;
      expect(time.pending()).toBe(0);
    });
  });
});
