import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createInboxOrder, inboxRows, patchInboxRows } from '../../../renderer/src/social/inboxOrder';
import { livePriority } from '../../../renderer/src/social/conversationFold';
import type { Conversation, ConversationStatus } from '../../../renderer/src/social/socialTables';
import { conversationsUpdate, CONVERSATION_CHANGES_KEPT, PATCHABLE_CHANGE } from '../../../renderer/src/social/conversationChanges';
import type { SocialSlice } from '../../../renderer/src/social/socialSlice';
import type { InboxFilter } from '../../../renderer/src/social/inboxSlice';
import { entryOf, type InboxEntry } from '../../../renderer/src/social/inboxEntry';

const NOW = Date.UTC(2026, 10, 22, 12, 0);

function conversation(id: string, patch: Partial<Conversation> = {}): Conversation {
  return {
    id,
    network: 'bluesky',
    accountId: 'bluesky:acme.test',
    visibility: 'public',
    status: 'new',
    assignedToMe: false,
    lastItemAt: NOW - 60_000,
    firstWaitingSince: NOW - 60_000,
    authorDid: `did:plc:${id}`,
    authorHandle: `${id}.test`,
    authorDisplayName: id,
    authorFollowers: 10,
    sentimentScore: 0,
    sentimentWords: [],
    priority: 0,
    replyToUri: null,
    preview: `post ${id}`,
    itemCount: 1,
    ...patch,
  };
}

const ids = (rows: readonly InboxEntry[]) => rows.map((row) => row.id);
/** What the page keeps of these conversations (inboxEntry.ts). */
const entriesOf = (conversations: ReadonlyMap<string, Conversation>) => new Map([...conversations].map(([id, c]) => [id, entryOf(c)]));
const ACTIVE: InboxFilter = { status: 'active', visibility: 'all' };

const arbitraryConversation = (id: string) =>
  fc
    .record({
      status: fc.constantFrom<ConversationStatus>('new', 'open', 'waiting', 'closed'),
      visibility: fc.constantFrom<'public' | 'private'>('public', 'private'),
      sentimentScore: fc.integer({ min: -5, max: 5 }),
      followers: fc.option(fc.integer({ min: 0, max: 2_000_000 })),
      ageMinutes: fc.integer({ min: 0, max: 600 }),
    })
    .map(({ status, visibility, sentimentScore, followers, ageMinutes }) =>
      conversation(id, {
        status,
        visibility,
        sentimentScore,
        authorFollowers: followers,
        lastItemAt: NOW - ageMinutes * 60_000,
        firstWaitingSince: status === 'waiting' ? null : NOW - ageMinutes * 60_000,
      }),
    );

describe('the inbox order', () => {
  it('puts an angry, waiting public complaint above praise, the newest first on ties, and closed ones last', () => {
    const map = new Map(
      [
        conversation('praise', { sentimentScore: 3 }),
        conversation('angry', { sentimentScore: -3 }),
        conversation('older', { lastItemAt: NOW - 120_000 }),
        conversation('closed', { status: 'closed', sentimentScore: -3 }),
      ].map((c) => [c.id, c]),
    );
    expect(ids(inboxRows(entriesOf(map), { status: 'all', visibility: 'all' }))).toEqual(['angry', 'praise', 'older', 'closed']);
    expect(ids(inboxRows(entriesOf(map), ACTIVE))).not.toContain('closed');
  });

  it('a patched order is exactly the order a fresh sort gives, whatever changed', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 0, max: 39 }), { minLength: 1, maxLength: 12 })
          .chain((changedIndexes) =>
            fc.tuple(
              fc.tuple(...Array.from({ length: 40 }, (_, i) => arbitraryConversation(`c${i}`))),
              fc.tuple(...changedIndexes.map((i) => arbitraryConversation(`c${i}`))),
              fc.constantFrom<InboxFilter>(ACTIVE, { status: 'all', visibility: 'all' }, { status: 'new', visibility: 'public' }),
            ),
          ),
        ([initial, updates, filter]) => {
          const map = entriesOf(new Map(initial.map((c) => [c.id, c])));
          const before = inboxRows(map, filter);
          // Each changed conversation as it was when `before` was sorted (its first change says).
          const changed = new Map<string, InboxEntry | undefined>();
          for (const update of updates) {
            if (!changed.has(update.id)) changed.set(update.id, map.get(update.id));
            map.set(update.id, entryOf(update));
          }
          const patched = patchInboxRows(before, changed, map, filter);
          expect(patched).toBe(before);
          expect(ids(patched ?? [])).toEqual(ids(inboxRows(map, filter)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('follows the store: a mention that arrives moves its own row; a missed stretch of the log sorts afresh', () => {
    const conversations = new Map(Array.from({ length: 50 }, (_, i) => conversation(`c${i}`, { lastItemAt: NOW - i * 60_000 })).map((c) => [c.id, c]));
    const state: Pick<SocialSlice, 'inboxEntries' | 'conversations' | 'conversationsVersion' | 'conversationChanges'> = {
      inboxEntries: entriesOf(conversations),
      conversations,
      conversationsVersion: 1,
      conversationChanges: [],
    };
    const order = createInboxOrder();
    const read = () => order.rows({ entries: state.inboxEntries, version: state.conversationsVersion, changes: state.conversationChanges, filter: ACTIVE });
    const first = read();
    expect(read()).toBe(first);

    Object.assign(state, conversationsUpdate(state, [conversation('c49', { sentimentScore: -4, lastItemAt: NOW })]));
    const second = read();
    expect(ids(second)[0]).toBe('c49');
    expect(ids(second)).toEqual(ids(inboxRows(state.inboxEntries, ACTIVE)));

    // A conversation read back from IndexedDB (a row scrolled to, heldConversations.ts) has the same place:
    // its entry stays the one the rows hold, and no row moves (a move shifts the array's tail, 100 000 rows).
    const entry = state.inboxEntries.get('c5');
    Object.assign(state, conversationsUpdate(state, [{ ...state.conversations.get('c5')! }]));
    expect(state.inboxEntries.get('c5')).toBe(entry);
    const splices = vi.spyOn(Array.prototype, 'splice');
    expect(ids(read())).toEqual(ids(second));
    expect(splices).not.toHaveBeenCalled();
    splices.mockRestore();

    // A conversation changed behind the log's back: its old row is not where the log's "before" says,
    // so the order sorts afresh rather than keep a stale row beside the new one.
    (state.inboxEntries as Map<string, InboxEntry>).set('c10', entryOf(conversation('c10', { sentimentScore: 4, lastItemAt: NOW - 5_000 })));
    Object.assign(state, conversationsUpdate(state, [conversation('c10', { sentimentScore: -5, lastItemAt: NOW })]));
    const third = read();
    expect(ids(third)).toEqual(ids(inboxRows(state.inboxEntries, ACTIVE)));
    expect(ids(third).filter((id) => id === 'c10')).toHaveLength(1);

    // A catch-up page of more conversations than a patch moves: the log keeps none of them as they were
    // (no thousands of replaced conversations kept alive), and the order sorts afresh.
    const page = Array.from({ length: PATCHABLE_CHANGE + 1 }, (_, i) => conversation(`page${i}`, { lastItemAt: NOW - i * 1_000 }));
    Object.assign(state, conversationsUpdate(state, [...page, conversation('c20', { sentimentScore: -5, lastItemAt: NOW })]));
    expect(state.conversationChanges.at(-1)?.before).toBeNull();
    expect(ids(read())).toEqual(ids(inboxRows(state.inboxEntries, ACTIVE)));

    // More updates than the log keeps, unseen by the inbox: it cannot patch, it sorts everything.
    for (let i = 0; i < CONVERSATION_CHANGES_KEPT + 3; i += 1)
      Object.assign(state, conversationsUpdate(state, [conversation(`c${i}`, { status: i % 2 === 0 ? 'closed' : 'open' })]));
    expect(ids(read())).toEqual(ids(inboxRows(state.inboxEntries, ACTIVE)));
  });

  it('the minute tick moves no row: the order holds nothing that time changes (issue 14 item 2)', () => {
    const entries = entriesOf(
      new Map(Array.from({ length: 50 }, (_, i) => conversation(`c${i}`, { firstWaitingSince: NOW - i * 7 * 60_000 })).map((c) => [c.id, c])),
    );
    const order = createInboxOrder();
    const first = order.rows({ entries, version: 1, changes: [], filter: ACTIVE });
    // The inbox's input has no clock: the same rows, the same array, an hour later.
    expect(order.rows({ entries, version: 1, changes: [], filter: ACTIVE })).toBe(first);
    // The longest waiting first among equals, and a waiting customer above one we already answered.
    expect(ids(first).slice(0, 3)).toEqual(['c49', 'c48', 'c47']);
    const answered = conversation('answered', { status: 'waiting', firstWaitingSince: null, sentimentScore: -5, authorFollowers: 1_000_000 });
    expect(ids(inboxRows(new Map([...entries, [answered.id, entryOf(answered)]]), ACTIVE)).at(-1)).toBe('answered');
  });

  it('between two waiting customers the order is the live priority order at any minute while both wait under four hours, off the public-complaint floor', () => {
    fc.assert(
      fc.property(fc.tuple(arbitraryConversation('a'), arbitraryConversation('b'), fc.integer({ min: 0, max: 120 })), ([a, b, laterMinutes]) => {
        fc.pre(a.firstWaitingSince !== null && b.firstWaitingSince !== null && a.status !== 'closed' && b.status !== 'closed');
        const at = NOW + laterMinutes * 60_000;
        // Both under four hours of waiting, where the score still grows (priority.ts).
        fc.pre(at - a.firstWaitingSince < 4 * 3_600_000 && at - b.firstWaitingSince < 4 * 3_600_000);
        // A public complaint sits on a floor of 40 (priority.ts) that swallows its first minutes of waiting; the rank counts them.
        fc.pre([a, b].every((c) => c.visibility === 'private' || c.sentimentScore >= 0));
        const rank = (c: Conversation) => entryOf(c).rank;
        const live = (c: Conversation) => livePriority(c, at);
        // The rank's difference is the unrounded score's: a strict rank order never contradicts the live scores by more than rounding.
        if (rank(a) > rank(b) + 1) expect(live(a)).toBeGreaterThanOrEqual(live(b));
      }),
      { numRuns: 300 },
    );
  });
});
