import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, openTandemDb } from '../../../renderer/src/data/db';
import { startEarlyReads } from '../../../renderer/src/data/earlyReads';
import { inboxRows } from '../../../renderer/src/social/inboxOrder';
import { entryOf } from '../../../renderer/src/social/inboxEntry';
import { INBOX_KEY_INDEX } from '../../../renderer/src/social/inboxHead';
import { withInboxKey } from '../../../renderer/src/social/inboxSortKey';
import { createSocialStore, type SocialStore } from '../../../renderer/src/social/socialStore';
import { INBOX_HEAD } from '../../../renderer/src/social/socialSlice';
import type { Conversation, ConversationStatus } from '../../../renderer/src/social/socialTables';
import { createTandemStore } from '../../../renderer/src/store/store';
import { freshDbName, socialItem } from '../context/contextFakes';
import { storedConversation } from './socialFakes';

// Issue 14 item 2: after a reload the inbox's first screenful comes from one bounded read of an index
// kept in the inbox's own order; the rest of the table is read afterwards, page by page.

const NOW = Date.UTC(2026, 11, 4, 12, 0);

const arbitraryConversation = (i: number) =>
  fc
    .record({
      status: fc.constantFrom<ConversationStatus>('new', 'open', 'waiting', 'closed'),
      visibility: fc.constantFrom<'public' | 'private'>('public', 'private'),
      sentimentScore: fc.integer({ min: -5, max: 5 }),
      followers: fc.option(fc.integer({ min: 0, max: 2_000_000 })),
      // Whole minutes: ties in time and rank happen, and the ids must break them as the inbox does.
      ageMinutes: fc.integer({ min: 0, max: 30 }),
    })
    .map(({ status, visibility, sentimentScore, followers, ageMinutes }) =>
      storedConversation(i, NOW, {
        status,
        visibility,
        sentimentScore,
        authorFollowers: followers,
        lastItemAt: NOW - ageMinutes * 60_000,
        firstWaitingSince: status === 'waiting' || status === 'closed' ? null : NOW - ageMinutes * 60_000,
      }),
    );

const ids = (conversations: readonly { readonly id: string }[]) => conversations.map((c) => c.id);

describe('the inbox head after a reload', () => {
  it('reads conversations from the inbox key index in exactly the order the inbox shows them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), async (seeds) => {
        const conversations = seeds.map((seed, i) => fc.sample(arbitraryConversation(i), { seed, numRuns: 1 })[0]!);
        const db = openTandemDb(freshDbName());
        await db.conversations.bulkPut(conversations.map(withInboxKey));
        const fromIndex = await db.conversations.orderBy(INBOX_KEY_INDEX).toArray();
        const inMemory = inboxRows(new Map(conversations.map((c) => [c.id, entryOf(c)])), { status: 'all', visibility: 'all' });
        expect(ids(fromIndex)).toEqual(ids(inMemory));
        db.close();
      }),
      { numRuns: 25 },
    );
  });

  it('gives the first screenful from the index, and the store writes the key with every ingest and status change', async () => {
    const db = openTandemDb(freshDbName());
    const store = createSocialStore(db);
    await store.ingest(
      [
        { ...socialItem({ uri: 'at://did:plc:calm/app.bsky.feed.post/1', text: 'thanks, all good' }), seq: 1 },
        { ...socialItem({ uri: 'at://did:plc:angry/app.bsky.feed.post/2', text: 'my phone is broken and this is terrible' }), seq: 2 },
      ].map((item) => ({ ...item, conversationId: item.uri })),
      NOW,
    );
    expect(ids(await store.inboxHead(10))).toEqual(['at://did:plc:angry/app.bsky.feed.post/2', 'at://did:plc:calm/app.bsky.feed.post/1']);
    // Closed goes to the end of the inbox, so to the end of the index.
    await store.updateConversation('at://did:plc:angry/app.bsky.feed.post/2', { status: 'closed' }, NOW);
    expect(ids(await store.inboxHead(1))).toEqual(['at://did:plc:calm/app.bsky.feed.post/1']);
    db.close();
  });

  it('fills the key into conversations stored before the index existed (schema version 8 → 9)', async () => {
    const name = freshDbName();
    const v8 = openTandemDb(name, 8);
    await v8.conversations.bulkPut([
      storedConversation(1, NOW),
      storedConversation(2, NOW, { sentimentScore: -3 }),
      storedConversation(3, NOW, { status: 'closed' }),
    ]);
    v8.close();
    const db = openTandemDb(name);
    expect(await db.conversations.orderBy(INBOX_KEY_INDEX).count()).toBe(3);
    expect(ids(await createSocialStore(db).inboxHead(2))).toEqual([storedConversation(2, NOW).id, storedConversation(1, NOW).id]);
    db.close();
  });

  it('paints the most urgent conversations while the rest of the table is still being read', async () => {
    const db = openTandemDb(freshDbName());
    const conversations = Array.from({ length: 500 }, (_, i) => storedConversation(i, NOW, { sentimentScore: i === 321 ? -3 : 0 }));
    await db.conversations.bulkPut(conversations.map(withInboxKey));
    const real = createSocialStore(db);
    let pagesAsked = 0;
    // The rest of the table never arrives: the head must not be waiting for it.
    const social: SocialStore = {
      ...real,
      conversationsPage: () => {
        pagesAsked += 1;
        return new Promise<Conversation[]>(() => undefined);
      },
    };
    const store = createTandemStore({ api: undefined, social, now: () => NOW });
    void store.getState().loadSocial();
    await expect.poll(() => store.getState().conversationsLoaded).toBe(true);
    const state = store.getState();
    expect(state.conversationsComplete).toBe(false);
    expect(state.conversations.size).toBe(INBOX_HEAD);
    // The angry customer heads the inbox, though their row is far down the table's id order.
    expect(state.conversations.has(storedConversation(321, NOW).id)).toBe(true);
    await expect.poll(() => pagesAsked).toBe(1);
    db.close();
  });

  it('a conversation opened while the table is read, after its page went by, stays held in full', async () => {
    const db = openTandemDb(freshDbName());
    await db.conversations.bulkPut(Array.from({ length: 4_500 }, (_, i) => withInboxKey(storedConversation(i, NOW))));
    const real = createSocialStore(db);
    const opened = storedConversation(1_000, NOW).id;
    const desk: { store?: ReturnType<typeof createTandemStore> } = {};
    const social: SocialStore = {
      ...real,
      conversationsPage: async (after, limit) => {
        // The agent opens one from the first page (its customer's history) as the second page is asked for.
        const open = desk.store?.getState();
        if (after !== null && open?.selectedConversationId === null) await open.selectConversation(opened);
        return real.conversationsPage(after, limit);
      },
    };
    const store = createTandemStore({ api: undefined, social, now: () => NOW });
    desk.store = store;
    await store.getState().loadSocial();
    expect(store.getState().selectedConversationId).toBe(opened);
    expect(store.getState().conversations.get(opened)?.id).toBe(opened);
    expect(store.getState().inboxEntries.has(opened)).toBe(true);
    db.close();
  });

  it('reads the whole table in pages and then shows every conversation', async () => {
    const db = openTandemDb(freshDbName());
    await db.conversations.bulkPut(Array.from({ length: 4_500 }, (_, i) => withInboxKey(storedConversation(i, NOW))));
    const real = createSocialStore(db);
    const pages: number[] = [];
    const social: SocialStore = {
      ...real,
      conversationsPage: async (after, limit) => {
        const page = await real.conversationsPage(after, limit);
        pages.push(page.length);
        return page;
      },
    };
    const store = createTandemStore({ api: undefined, social, now: () => NOW });
    await store.getState().loadSocial();
    expect(store.getState().conversationsComplete).toBe(true);
    // Every one has its place in the inbox; only the head, read first, is held in full (heldConversations.ts).
    expect(store.getState().inboxEntries.size).toBe(4_500);
    expect(store.getState().conversations.size).toBe(INBOX_HEAD);
    expect(pages).toEqual([2_000, 2_000, 500]);
    db.close();
  });

  it('a reload paints the head read as the bundle started (data/earlyReads.ts), once; a later load reads afresh', async () => {
    const name = freshDbName();
    const seeded = openTandemDb(name);
    await seeded.conversations.bulkPut(Array.from({ length: 100 }, (_, i) => withInboxKey(storedConversation(i, NOW))));
    seeded.close();
    const early = startEarlyReads(name);
    // Step: an angrier customer is stored after the early read was asked for (IndexedDB answers it first); the first screen is that read's.
    await early.db.conversations.put(withInboxKey(storedConversation(500, NOW, { sentimentScore: -5 })));
    const store = createTandemStore({
      api: undefined,
      social: { ...createSocialStore(early.db, early), conversationsPage: () => new Promise(() => undefined) },
      now: () => NOW,
    });
    void store.getState().loadSocial();
    await expect.poll(() => store.getState().conversationsLoaded).toBe(true);
    expect(store.getState().conversations.size).toBe(INBOX_HEAD);
    expect(store.getState().inboxEntries.size).toBe(INBOX_HEAD);
    expect(store.getState().inboxEntries.has(storedConversation(500, NOW).id)).toBe(false);
    // Taken once, and only for the inbox's own limit: any later read goes to the database.
    expect(early.takeInboxHead(INBOX_HEAD)).toBeNull();
    const later = await createSocialStore(early.db, early).inboxHead(INBOX_HEAD);
    expect(later[0]?.id).toBe(storedConversation(500, NOW).id);
    expect(startEarlyReads(name).takeInboxHead(10)).toBeNull();
    early.db.close();
  });

  it('reads the head straight from IndexedDB when the stored schema is this build’s, and through Dexie when there is none yet', async () => {
    const name = freshDbName();
    const seeded = openTandemDb(name);
    await seeded.conversations.bulkPut(Array.from({ length: 80 }, (_, i) => withInboxKey(storedConversation(i, NOW, { sentimentScore: i === 70 ? -4 : 0 }))));
    const expected = ids(await seeded.conversations.orderBy(INBOX_KEY_INDEX).limit(INBOX_HEAD).toArray());
    seeded.close();
    const early = startEarlyReads(name);
    expect(ids(await early.takeInboxHead(INBOX_HEAD)!)).toEqual(expected);
    // The page's Dexie was not needed for it (it opens when the desk first asks).
    expect(early.db.isOpen()).toBe(false);
    early.db.close();

    // A desk that never had a database: the early read creates none, and Dexie's answers, empty.
    const fresh = freshDbName();
    const first = startEarlyReads(fresh);
    expect(await first.takeInboxHead(INBOX_HEAD)!).toEqual([]);
    expect(first.db.verno).toBe(LATEST_VERSION);
    first.db.close();

    // A database this build must upgrade first (version 8, no index yet): the early read steps aside for Dexie's upgrade.
    const older = freshDbName();
    const v8 = openTandemDb(older, 8);
    await v8.conversations.bulkPut([storedConversation(1, NOW), storedConversation(2, NOW, { sentimentScore: -3 })]);
    v8.close();
    const upgraded = startEarlyReads(older);
    expect(ids(await upgraded.takeInboxHead(INBOX_HEAD)!)).toEqual([storedConversation(2, NOW).id, storedConversation(1, NOW).id]);
    upgraded.db.close();
  });
});
