import type { SocialItem } from '@tandem/contract';
import type { Conversation } from './socialTables';
import { priorityScore, type PriorityInput } from './priority';
import type { Analyse } from './meaning/meaningEngine';

/** How much of the customer's latest post a row keeps (the thread shows it all). */
export const PREVIEW_CHARS = 400;

const isBrandItem = (item: SocialItem) => item.kind === 'brand-reply' || item.kind === 'brand-message';

/** Listening matches are not addressed to the brand: they never become conversations. */
export const belongsInInbox = (item: SocialItem) => item.kind !== 'listening';

export function waitingMs(conversation: Pick<Conversation, 'firstWaitingSince' | 'status'>, now: number): number {
  if (conversation.firstWaitingSince === null || conversation.status === 'closed') return 0;
  return Math.max(0, now - conversation.firstWaitingSince);
}

/** What the priority score reads from a conversation, except the waiting time. */
export function priorityInputOf(conversation: Conversation): Omit<PriorityInput, 'waitingMs'> {
  return {
    sentiment: conversation.sentimentScore,
    ...(conversation.meaning === undefined ? {} : { complaint: conversation.meaning.complaint, escalating: conversation.meaning.escalation.length > 0 }),
    followers: conversation.authorFollowers,
    visibility: conversation.visibility,
  };
}

export function livePriority(conversation: Conversation, now: number): number {
  return priorityScore({ ...priorityInputOf(conversation), waitingMs: waitingMs(conversation, now) });
}

/**
 * Folds one item the desk has not seen before into its conversation's summary.
 * Pure, and only ever called once per item URI (the caller de-duplicates), so
 * a resync can't reopen a closed conversation or count an item twice.
 *
 * - A customer item makes a new conversation `new`, reopens a waiting or closed
 *   one (`open`), and starts the waiting clock if it wasn't running.
 * - A brand item (our reply) puts the conversation in `waiting` (on the
 *   customer) unless the agent closed it, and stops the clock.
 * - An item older than the conversation's latest (a late catch-up) only counts,
 *   except the customer's words newer than any of theirs folded before: those
 *   crossed our latest item in flight (she answered the public invitation while
 *   our private message was on its way; her client's clock runs behind), so
 *   nobody has answered them and she waits for us.
 *
 * `analyse` judges a customer's post (the meaning engine, loaded by the caller: meaningEngine.ts).
 */
export function foldConversation(previous: Conversation | undefined, item: SocialItem, now: number, analyse: Analyse): Conversation {
  const brand = isBrandItem(item);
  if (previous !== undefined && item.createdAt < previous.lastItemAt) {
    const crossed = !brand && previous.lastCustomerItemAt !== undefined && item.createdAt > previous.lastCustomerItemAt;
    if (!crossed) return { ...previous, itemCount: previous.itemCount + 1 };
  }
  const customer = brand
    ? null
    : (() => {
        const meaning = analyse(item.text, item.langs);
        return {
          authorDid: item.author.did,
          authorHandle: item.author.handle,
          authorDisplayName: item.author.displayName,
          authorFollowers: item.author.followers,
          authorAvatarUrl: item.author.avatarUrl,
          sentimentScore: meaning.polarity.available ? meaning.polarity.score : 0,
          sentimentWords: meaning.polarity.available ? meaning.polarity.words : [],
          meaning,
          replyToUri: item.visibility === 'public' ? item.uri : null,
          preview: item.text.slice(0, PREVIEW_CHARS),
        };
      })();

  // A conversation the brand opened (a private message from the call screen) is the recipient's, before they write.
  const opened =
    brand && item.recipient !== undefined && (previous === undefined || previous.authorDid === '')
      ? {
          authorDid: item.recipient.did,
          authorHandle: item.recipient.handle,
          authorDisplayName: item.recipient.displayName,
          authorFollowers: item.recipient.followers,
          authorAvatarUrl: item.recipient.avatarUrl,
        }
      : null;

  const base: Conversation = previous ?? {
    id: item.conversationId,
    network: item.network,
    accountId: item.accountId,
    visibility: item.visibility,
    status: brand ? 'waiting' : 'new',
    assignedToMe: false,
    lastItemAt: item.createdAt,
    firstWaitingSince: null,
    authorDid: brand ? '' : item.author.did,
    authorHandle: brand ? '' : item.author.handle,
    authorDisplayName: '',
    authorFollowers: null,
    sentimentScore: 0,
    sentimentWords: [],
    priority: 0,
    replyToUri: null,
    preview: '',
    itemCount: 0,
  };

  const status: Conversation['status'] = brand
    ? base.status === 'closed'
      ? 'closed'
      : 'waiting'
    : previous === undefined || base.status === 'new'
      ? 'new'
      : 'open';
  const next: Conversation = {
    ...base,
    ...opened,
    ...customer,
    status,
    lastItemAt: Math.max(base.lastItemAt, item.createdAt),
    ...(brand ? {} : { lastCustomerItemAt: Math.max(base.lastCustomerItemAt ?? item.createdAt, item.createdAt) }),
    firstWaitingSince: brand ? null : (base.firstWaitingSince ?? item.createdAt),
    itemCount: (previous?.itemCount ?? 0) + 1,
  };
  return { ...next, priority: livePriority(next, now) };
}
