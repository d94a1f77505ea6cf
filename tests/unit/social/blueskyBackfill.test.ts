import { describe, expect, it } from 'vitest';
import { backfillSince, BACKFILL_CAP, selectBackfill, type Notification } from '../../../main/core/social/bluesky/backfill';

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
});
