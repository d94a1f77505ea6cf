/**
 * Every team desk's inbox is filled from the change feed (issue 11): a
 * `social_items` change names a URI, the item is read by SELECT and handed to
 * the journal. Driven here with a fake feed and a fake database.
 */
import { describe, expect, it, vi } from 'vitest';
import type { SocialItem } from '@tandem/contract';
import { silentLogger } from '../../../main/core/log/logger';
import type { IncomingItem } from '../../../main/core/social/connector';
import { TeamJournalFeed, type ChangeSource } from '../../../main/core/social/team/teamJournalFeed';
import type { TeamChange, TeamFeedStatus } from '../../../main/core/team/teamFeed';
import { manualClock } from '../softphone/support/manualClock';

const ACCOUNT = 'bluesky:acme.test';

function item(n: number, accountId = ACCOUNT): Omit<SocialItem, 'seq'> {
  return {
    accountId,
    network: 'bluesky',
    kind: 'mention',
    visibility: 'public',
    uri: `at://did:plc:carla/app.bsky.feed.post/${n}`,
    cid: null,
    conversationId: `at://did:plc:carla/app.bsky.feed.post/${n}`,
    parentUri: null,
    author: { did: 'did:plc:carla', handle: 'carla.test', displayName: 'Carla', description: '', avatarUrl: null, followers: null, following: null },
    text: `complaint ${n}`,
    links: [],
    createdAt: 1_000 + n,
    receivedAt: 2_000 + n,
    ruleId: null,
  };
}

class FakeFeed implements ChangeSource {
  readonly #changes = new Set<(change: TeamChange) => void>();
  readonly #statuses = new Set<(status: TeamFeedStatus) => void>();

  onChange(listener: (change: TeamChange) => void): () => void {
    this.#changes.add(listener);
    return () => this.#changes.delete(listener);
  }

  onStatus(listener: (status: TeamFeedStatus) => void): () => void {
    this.#statuses.add(listener);
    return () => this.#statuses.delete(listener);
  }

  change(table: string, id: string, seq: number): void {
    for (const listener of this.#changes) listener({ table, id, seq });
  }

  live(): void {
    for (const listener of this.#statuses) listener({ state: 'live', pendingChanges: 0, lastSeq: 0, settledSeq: 0, refusedWrites: 0 });
  }
}

/** The rows of `social_items`, read as the feed reads them: by URI, in seq order. */
function fakeDatabase(rows: Map<string, unknown>) {
  const database = {
    down: false,
    reads: 0,
    query: vi.fn((_sql: string, [uris]: [string[]]) => {
      database.reads += 1;
      if (database.down) return Promise.reject(Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' }));
      return Promise.resolve({ rows: uris.filter((uri) => rows.has(uri)).map((uri) => ({ account_id: ACCOUNT, payload: rows.get(uri) })) });
    }),
  };
  return database;
}

function setUp(rows: Map<string, unknown>) {
  const feed = new FakeFeed();
  const database = fakeDatabase(rows);
  const clock = manualClock();
  const journal: IncomingItem[] = [];
  const journalFeed = new TeamJournalFeed({
    feed,
    pool: () => Promise.resolve(database as never),
    accounts: new Set([ACCOUNT]),
    deliver: (items) => {
      journal.push(...items);
      return Promise.resolve();
    },
    log: silentLogger,
    clock,
    retryMs: 2_000,
  });
  journalFeed.start();
  return { feed, database, clock, journal, journalFeed };
}

describe('TeamJournalFeed', () => {
  it('reads each announced social item by URI and journals it; other tables are not its business', async () => {
    const rows = new Map<string, unknown>([[item(1).uri, item(1)]]);
    const { feed, database, journal, journalFeed } = setUp(rows);
    feed.change('notes', 'note-1', 1);
    feed.change('social_items', item(1).uri, 2);
    await journalFeed.settled();
    expect(journal).toEqual([item(1)]);
    expect(database.reads).toBe(1);
  });

  it('keeps items of accounts this desk does not serve, and payloads it cannot read, out of the journal', async () => {
    const other = item(2, 'bluesky:other-brand.test');
    const rows = new Map<string, unknown>([
      [item(1).uri, { ...item(1), kind: 'not-a-kind' }],
      [other.uri, other],
      [item(3).uri, item(3)],
    ]);
    const { feed, journal, journalFeed } = setUp(rows);
    for (const [seq, uri] of [item(1).uri, other.uri, item(3).uri].entries()) feed.change('social_items', uri, seq + 1);
    await journalFeed.settled();
    expect(journal).toEqual([item(3)]);
  });

  it('a read that fails keeps the URIs and tries again after a pause: nothing announced is lost', async () => {
    const rows = new Map<string, unknown>([
      [item(1).uri, item(1)],
      [item(2).uri, item(2)],
    ]);
    const { feed, database, clock, journal, journalFeed } = setUp(rows);
    database.down = true;
    feed.change('social_items', item(1).uri, 1);
    await journalFeed.settled();
    feed.change('social_items', item(2).uri, 2);
    await journalFeed.settled();
    expect(journal).toEqual([]);
    database.down = false;
    clock.advance(2_000);
    await journalFeed.settled();
    expect(journal.map((entry) => entry.uri)).toEqual([item(1).uri, item(2).uri]);
  });

  it('the feed going live again reads what is still waiting, without waiting for the pause', async () => {
    const rows = new Map<string, unknown>([[item(1).uri, item(1)]]);
    const { feed, database, journal, journalFeed } = setUp(rows);
    database.down = true;
    feed.change('social_items', item(1).uri, 1);
    await journalFeed.settled();
    database.down = false;
    feed.live();
    await journalFeed.settled();
    expect(journal).toEqual([item(1)]);
  });

  it('after stop, announcements are ignored', async () => {
    const rows = new Map<string, unknown>([[item(1).uri, item(1)]]);
    const { feed, database, journal, journalFeed } = setUp(rows);
    await journalFeed.stop();
    feed.change('social_items', item(1).uri, 1);
    await journalFeed.settled();
    expect(journal).toEqual([]);
    expect(database.reads).toBe(0);
  });

  it('subscribing after the feed has started, it reads the items written since the feed resumed (its catch-up may be over already)', async () => {
    const rows = new Map<string, unknown>([[item(1).uri, item(1)]]);
    const feed = Object.assign(new FakeFeed(), { resumedFrom: () => 41 });
    const asked: unknown[][] = [];
    const database = {
      query: vi.fn((sql: string, values: unknown[]) => {
        asked.push(values);
        // The backfill names the resume point and the desk's accounts; the read after it names URIs.
        if (sql.includes('seq > $1')) return Promise.resolve({ rows: [{ uri: item(1).uri }] });
        const [uris] = values as [string[]];
        return Promise.resolve({ rows: uris.filter((uri) => rows.has(uri)).map((uri) => ({ account_id: ACCOUNT, payload: rows.get(uri) })) });
      }),
    };
    const journal: IncomingItem[] = [];
    const journalFeed = new TeamJournalFeed({
      feed,
      pool: () => Promise.resolve(database as never),
      accounts: new Set([ACCOUNT]),
      deliver: (items) => {
        journal.push(...items);
        return Promise.resolve();
      },
      log: silentLogger,
      clock: manualClock(),
    });
    journalFeed.start();
    await journalFeed.settled();
    expect(asked[0]).toEqual([41, [ACCOUNT]]);
    expect(journal).toEqual([item(1)]);
    await journalFeed.stop();
  });
});
