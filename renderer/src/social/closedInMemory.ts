import type { Conversation } from './socialTables';
import type { InboxEntry } from './inboxEntry';

/**
 * How long a closed conversation stays in the inbox's memory after it closed. Every conversation the
 * desk ever had was held there (about 480 B each: a busy brand's year is hundreds of MB), and closed
 * ones are most of them. IndexedDB keeps them all: the customer's history lists them, and opening
 * one reads it back (`SocialSlice.rememberConversations`), as do the searches by customer.
 */
export const CLOSED_KEPT_MS = 7 * 86_400_000;

/** How often a page that stays open lets go of the conversations that closed more than CLOSED_KEPT_MS ago. */
export const FORGET_CLOSED_EVERY_MS = 3_600_000;

/** Whether the inbox keeps `conversation` in memory at `now`: every one not closed, and the recently closed. */
export function keptInMemory(conversation: Conversation, now: number): boolean {
  // Rows closed before `closedAt` was written have only their last item's time to go by.
  return conversation.status !== 'closed' || (conversation.closedAt ?? conversation.lastItemAt) >= now - CLOSED_KEPT_MS;
}

/** The same for the page's entry of it (inboxEntry.ts), whose `closedAt` already falls back to the last item's time. */
export function entryKeptInMemory(entry: InboxEntry, now: number): boolean {
  return entry.status !== 'closed' || entry.closedAt >= now - CLOSED_KEPT_MS;
}

/** `next` with `closedAt` as its status says: stamped when it closes, kept while it stays closed, gone when it reopens. */
export function withClosedAt(previous: Conversation, next: Conversation, now: number): Conversation {
  if (next.status !== 'closed') {
    if (next.closedAt === undefined) return next;
    const { closedAt: _reopened, ...open } = next;
    return open;
  }
  return { ...next, closedAt: previous.status === 'closed' ? (previous.closedAt ?? now) : now };
}
