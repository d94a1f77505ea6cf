import type { Conversation } from './socialTables';

/**
 * How many conversations the page holds in full besides those it must (issue 14 item 4). Every
 * conversation the page holds has its entry (inboxEntry.ts, about 200 B); its full summary (who,
 * what they said, how it reads: 500–840 B) is held only while it is on screen (the inbox's rows and
 * their neighbours), open on the desk (selected, ticked, in a case or a call's message), or among
 * the latest written or read back. A desk whose backlog grows all day held every one: a day of
 * traffic grew the page by about 1 kB a conversation. A row scrolled to that is not held is read
 * back from IndexedDB (`SocialSlice.readConversations`), a few rows in one read.
 *
 * Enough for a catch-up page (SYNC_PAGE, 500 items) to be held whole until the readers of its
 * change (the urgent-complaint announcer, a case's private side) have looked at it.
 */
export const CONVERSATIONS_HELD = 500;

/** Let go of only when this many more are held: one pass per fifty written, not one per mention. */
export const HELD_SLACK = 50;

/**
 * The conversations to let go of, oldest written first, so that CONVERSATIONS_HELD are left
 * besides those `keep` names; none until the page holds HELD_SLACK more than that.
 */
export function heldToLetGo(held: ReadonlyMap<string, Conversation>, keep: (id: string) => boolean): string[] {
  if (held.size <= CONVERSATIONS_HELD + HELD_SLACK) return [];
  let excess = held.size - CONVERSATIONS_HELD;
  const gone: string[] = [];
  // A Map keeps the order its keys were (last) set in: conversationsUpdate sets each one it writes afresh.
  for (const id of held.keys()) {
    if (excess === 0) break;
    if (keep(id)) continue;
    gone.push(id);
    excess -= 1;
  }
  return gone;
}
