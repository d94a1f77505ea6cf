import type { CallOutcome, SocialItem } from '@tandem/contract';
import type { Conversation } from '../socialTables';
import { numberInReply, type NumberInReply } from './numberInReply';

/**
 * One case (issue 15): the customer's public post, our acknowledgement, the
 * private messages with the same author on the same account, the call to
 * the number they sent, and a closing note, in the order they happened.
 * Nothing new is stored to tie them together: the author and the account
 * are the tie, and the case starts at the brand's first public answer, so a
 * private chat from last year is not pulled into today's complaint.
 */
/** What the case needs of an ended call from the store's call log (social/ never imports the softphone's modules). */
export interface CaseCall {
  readonly id: string;
  readonly remoteUri: string;
  readonly remoteNumber: string | null;
  readonly startedAt: number;
  readonly outcome: CallOutcome;
}

export type CaseEntry =
  { readonly kind: 'item'; readonly at: number; readonly item: SocialItem } | { readonly kind: 'call'; readonly at: number; readonly call: CaseCall };

const ours = (item: SocialItem) => item.kind === 'brand-reply' || item.kind === 'brand-message';

/** When the case went offline: our first public answer in the thread; null while we have not answered. */
export function caseStart(thread: readonly SocialItem[]): number | null {
  const first = thread
    .filter((item) => item.kind === 'brand-reply')
    .reduce<number | null>((min, item) => (min === null ? item.createdAt : Math.min(min, item.createdAt)), null);
  return first;
}

/** The author's private conversation on the same account, if any. */
export const isPrivateConversationOf = (publicConversation: Conversation, candidate: Conversation): boolean =>
  candidate.visibility === 'private' && candidate.accountId === publicConversation.accountId && candidate.authorDid === publicConversation.authorDid;

/** The number in the customer's latest private message since the case started that has one (or looks like one). */
export function caseNumber(privateItems: readonly SocialItem[], since: number | null, defaultRegion: string): NumberInReply | null {
  if (since === null) return null;
  const theirs = privateItems.filter((item) => !ours(item) && item.createdAt >= since).sort((a, b) => b.createdAt - a.createdAt);
  for (const item of theirs) {
    const found = numberInReply(item.text, defaultRegion);
    if (found !== null) return found;
  }
  return null;
}

export function caseEntries(
  thread: readonly SocialItem[],
  privateItems: readonly SocialItem[],
  calls: readonly CaseCall[],
  number: string | null,
): CaseEntry[] {
  const since = caseStart(thread);
  const entries: CaseEntry[] = thread.map((item) => ({ kind: 'item', at: item.createdAt, item }));
  if (since !== null) {
    for (const item of privateItems) if (item.createdAt >= since) entries.push({ kind: 'item', at: item.createdAt, item });
    if (number !== null)
      for (const call of calls) if (call.remoteNumber === number && call.startedAt >= since) entries.push({ kind: 'call', at: call.startedAt, call });
  }
  // Stable: what happened at the same millisecond keeps the order it was listed in (post before our answer).
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
    .map(({ entry }) => entry);
}
