import type { Conversation, ConversationStatus } from './socialTables';
import { priorityInputOf } from './conversationFold';
import { priorityLevel, priorityScore, waitingRank } from './priority';

/**
 * What the page keeps of every conversation it holds (issue 14 item 4): enough to place it in the
 * inbox, filter it, let it go a week after it closes and know whether it is an urgent complaint,
 * and nothing a row shows. The full conversation (who, what they said, how it reads: 500–840 B)
 * is held only for the rows on screen, those the desk has open and the latest changed
 * (`heldConversations.ts`); a row scrolled to reads the rest from IndexedDB.
 *
 * Nothing in it depends on the clock (issue 14 item 2): the minute tick repaints waiting times and
 * chips (`InboxRow.tsx`, from `now` at paint) but never moves a row.
 *
 * - `group`: 0 the customer waits for us, 1 the last word was ours, 2 closed.
 * - `rank`: within group 0, `waitingRank` (score without waiting, plus waiting counted from a fixed
 *   origin); otherwise the score without waiting.
 */
export interface InboxEntry {
  readonly id: string;
  readonly group: 0 | 1 | 2;
  readonly rank: number;
  readonly lastItemAt: number;
  readonly visibility: Conversation['visibility'];
  readonly status: ConversationStatus;
  /** When it closed (closedInMemory.ts: the page lets it go a week after); 0 while it is not closed. */
  readonly closedAt: number;
  /** Announced to a screen reader when it becomes one (urgentComplaints.ts). */
  readonly urgentComplaint: boolean;
}

/**
 * An urgent complaint: the inbox ranks it Urgent and its latest post was
 * judged a complaint (rows written before the judgement existed count on
 * their priority alone).
 */
export function isUrgentComplaint(conversation: Conversation): boolean {
  return conversation.status !== 'closed' && priorityLevel(conversation.priority) === 'urgent' && (conversation.meaning?.complaint ?? true);
}

const rankWithoutWaiting = (conversation: Conversation) => priorityScore({ ...priorityInputOf(conversation), waitingMs: 0 });

function groupAndRank(conversation: Conversation): Pick<InboxEntry, 'group' | 'rank'> {
  if (conversation.status === 'closed') return { group: 2, rank: rankWithoutWaiting(conversation) };
  if (conversation.firstWaitingSince === null) return { group: 1, rank: rankWithoutWaiting(conversation) };
  return { group: 0, rank: waitingRank(priorityInputOf(conversation), conversation.firstWaitingSince) };
}

/** `id`: the id string the page already holds for it, so an entry written again does not keep a second copy (IndexedDB hands over a new one with every read). */
export function entryOf(conversation: Conversation, id = conversation.id): InboxEntry {
  const { group, rank } = groupAndRank(conversation);
  // One literal with every field, no spread: V8 then lays them all inside the object (a spread added them one by
  // one, and the day bench's page held a property array beside each entry).
  return {
    id,
    group,
    rank,
    lastItemAt: conversation.lastItemAt,
    visibility: conversation.visibility,
    status: conversation.status,
    // Rows closed before `closedAt` was written have only their last item's time to go by.
    closedAt: conversation.status === 'closed' ? (conversation.closedAt ?? conversation.lastItemAt) : 0,
    urgentComplaint: isUrgentComplaint(conversation),
  };
}

/** Whether two entries say the same (a conversation read back from IndexedDB is the one the page has in mind). */
export function sameEntry(a: InboxEntry, b: InboxEntry): boolean {
  return (
    a.id === b.id &&
    a.group === b.group &&
    Object.is(a.rank, b.rank) &&
    Object.is(a.lastItemAt, b.lastItemAt) &&
    a.visibility === b.visibility &&
    a.status === b.status &&
    a.closedAt === b.closedAt &&
    a.urgentComplaint === b.urgentComplaint
  );
}
