import { sipUserPart, type CallOutcome, type SocialItem } from '@tandem/contract';
import type { Conversation } from '../socialTables';
import { numberInReply, type NumberInReply } from './numberInReply';

/**
 * One case (issue 15): the customer's public post, our acknowledgement, the
 * private messages with the same author on the same account, the calls placed
 * from the conversation (with the agent's note and wrap-up code), and a
 * closing note, in the order they happened. The messages are tied by author
 * and account, from the brand's first public answer on, so a private chat
 * from last year is not pulled into today's complaint; a call is tied by what
 * its record stores: the conversation it was placed from ("Call now").
 */
/**
 * What the case needs of a call's record in the customer history (its
 * interaction; social/ never imports the customers' modules, the store's
 * dependency hands these over).
 */
export interface CaseCall {
  readonly id: string;
  /** When it started. */
  readonly at: number;
  /** The remote party's URI. */
  readonly uri: string | null;
  readonly outcome: CallOutcome | null;
  /** The agent's note. */
  readonly summary: string;
  readonly wrapUpCode: string | null;
}

/** The number of a `sip:+E164@host` URI, else the URI itself: what the case shows of the far end. */
export function callParty(uri: string | null): string {
  const user = sipUserPart(uri ?? '');
  return /^\+\d{6,15}$/.test(user) ? user : (uri ?? '');
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

/** A number found in the customer's private message, with the message that carried it (the claim's evidence). */
export type CaseNumber = NumberInReply & { readonly evidenceUri: string };

/** The number in the customer's latest private message since the case started that has one (or looks like one). */
export function caseNumber(privateItems: readonly SocialItem[], since: number | null, defaultRegion: string): CaseNumber | null {
  if (since === null) return null;
  const theirs = privateItems.filter((item) => !ours(item) && item.createdAt >= since).sort((a, b) => b.createdAt - a.createdAt);
  for (const item of theirs) {
    const found = numberInReply(item.text, defaultRegion);
    if (found !== null) return { ...found, evidenceUri: item.uri };
  }
  return null;
}

/** `calls`: the calls placed from this conversation (their records say so), whenever they were placed. */
export function caseEntries(thread: readonly SocialItem[], privateItems: readonly SocialItem[], calls: readonly CaseCall[]): CaseEntry[] {
  const since = caseStart(thread);
  const entries: CaseEntry[] = thread.map((item) => ({ kind: 'item', at: item.createdAt, item }));
  if (since !== null) for (const item of privateItems) if (item.createdAt >= since) entries.push({ kind: 'item', at: item.createdAt, item });
  for (const call of calls) entries.push({ kind: 'call', at: call.at, call });
  // Stable: what happened at the same millisecond keeps the order it was listed in (post before our answer).
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
    .map(({ entry }) => entry);
}

/**
 * The case's public closing note is posted: our public answer after its
 * latest call. Read from the thread itself, so every desk of the team (and
 * this one after a reload) agrees without remembering who pressed what.
 */
export function closingNotePosted(entries: readonly CaseEntry[]): boolean {
  let afterCall = false;
  let posted = false;
  for (const entry of entries) {
    if (entry.kind === 'call') {
      afterCall = true;
      posted = false;
    } else if (afterCall && entry.item.kind === 'brand-reply') posted = true;
  }
  return posted;
}
