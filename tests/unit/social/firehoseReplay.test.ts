import { describe, expect, it } from 'vitest';
import { backfillSince } from '../../../main/core/social/bluesky/backfill';
import { FirehoseReplay } from '../../../main/core/social/bluesky/firehoseReplay';

/**
 * Ana's desk connects at 09:00 to a PDS with no AppView and replays its
 * firehose from the earliest cursor. The replay window keeps the posts of the
 * last 24 hours addressed to the brand; once the stream reaches events
 * sequenced after she connected, everything is live.
 */
const NOW = Date.parse('2026-12-04T09:00:00Z');
const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(NOW - hoursAgo * HOUR).toISOString();

describe('Replaying the firehose for a first connection without an AppView', () => {
  it('keeps a replayed mention, reply or quote of the last 24 hours', () => {
    const replay = new FirehoseReplay(backfillSince(NOW, 24), NOW);
    for (const kind of ['mention', 'reply', 'quote'] as const) expect(replay.keeps(at(2), kind, at(2))).toBe(true);
    expect(replay.live).toBe(false);
  });

  it('drops a replayed post older than the window, by its record’s createdAt or by when the server sequenced it', () => {
    const replay = new FirehoseReplay(backfillSince(NOW, 24), NOW);
    expect(replay.keeps(at(2), 'mention', at(48)), 'dated two days ago').toBe(false);
    expect(replay.keeps(at(30), 'mention', at(2)), 'sequenced 30 hours ago').toBe(false);
    expect(replay.keeps(at(2), 'mention', 'not a date'), 'no readable createdAt').toBe(false);
    expect(replay.keeps(at(2), 'mention', undefined), 'no createdAt').toBe(false);
  });

  it('drops replayed listening matches and the brand’s own replies: the backfill is a queue, as from the AppView', () => {
    const replay = new FirehoseReplay(backfillSince(NOW, 24), NOW);
    expect(replay.keeps(at(1), 'listening', at(1))).toBe(false);
    expect(replay.keeps(at(1), 'brand-reply', at(1))).toBe(false);
  });

  it('a frame without a time is judged by its record alone', () => {
    const replay = new FirehoseReplay(backfillSince(NOW, 24), NOW);
    expect(replay.keeps(null, 'mention', at(3))).toBe(true);
    expect(replay.keeps(null, 'mention', at(30))).toBe(false);
  });

  it('the first event sequenced after she connected ends the replay: from then on everything is kept, whatever it says', () => {
    const replay = new FirehoseReplay(backfillSince(NOW, 24), NOW);
    expect(replay.keeps(new Date(NOW + 1_000).toISOString(), 'listening', at(48))).toBe(true);
    expect(replay.live).toBe(true);
    expect(replay.keeps(at(30), 'mention', at(30))).toBe(true);
  });
});
