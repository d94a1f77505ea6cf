import type { Conversation } from './socialTables';
import { entryOf } from './inboxEntry';

/**
 * The inbox's order as IndexedDB can read it (issue 14 item 2): stored with every conversation
 * and indexed (`inboxKey`, db.ts version 9), so a reload's first screenful is one bounded read
 * of the index in the inbox's own order instead of the whole table. It is `compareRows`
 * (inboxOrder.ts) spelled as an ascending key: group first, then the rank and the latest item
 * negated (both sort newest/most urgent first); IndexedDB breaks ties by primary key, the id,
 * ascending, as `compareRows` does. Nothing in it reads the clock, so it never goes stale.
 */
export type InboxSortKey = readonly [group: number, negatedRank: number, negatedLastItemAt: number];

/** A NaN or infinite part would make the whole key invalid, and IndexedDB would leave the row out of the index. */
const finite = (value: number) => (Number.isFinite(value) ? value : 0);

export function inboxSortKey(conversation: Conversation): InboxSortKey {
  const row = entryOf(conversation);
  // `0 - x` rather than `-x`: a -0 key and a 0 key are the same to IndexedDB, but not to a test's deep equality.
  return [row.group, finite(0 - row.rank), finite(0 - conversation.lastItemAt)];
}

/** The conversation as stored: with its sort key, written again on every write. */
export function withInboxKey(conversation: Conversation): Conversation {
  return { ...conversation, inboxKey: inboxSortKey(conversation) };
}
