import type { ConnectorStatus } from '@tandem/contract';
import type { Conversation } from '../socialTables';

/**
 * Where "Send a private message" from the call screen (issue 15 item 4, the
 * reverse of "Take offline") goes: into the case the desk already has with
 * that author, so the call, the public complaint and the private messages
 * stay one thing.
 *
 * - The author's private conversation on an account of their network: the
 *   message joins it (the latest, when there are several accounts).
 * - Else their latest public conversation: the message is sent from it, as
 *   "Take offline" sends its private step, so the case that opened in public
 *   carries on privately.
 * - Else no conversation yet: the network opens one, from the first account
 *   of that network that can send private messages.
 *
 * A private conversation exists only once the author wrote in it (a
 * conversation's author is set by the customer's items), so its existence is
 * also "the author wrote first", which some networks' rules ask.
 */
export interface MessageTarget {
  readonly accountId: string;
  /** The conversation the message is sent from; null when the network will open a new one. */
  readonly conversationId: string | null;
  /** The author's latest item the desk holds on that account (the rules' time window); null when none. */
  readonly lastCustomerMessageAt: number | null;
  /** The author wrote to the brand privately on that account. */
  readonly wroteFirst: boolean;
}

export interface SocialAuthorRef {
  readonly network: string;
  readonly did: string;
}

const latest = (list: readonly Conversation[]): Conversation | undefined =>
  list.reduce<Conversation | undefined>((best, c) => (best === undefined || c.lastItemAt > best.lastItemAt ? c : best), undefined);

/** Null when no account of the author's network can send private messages at all. */
export function messageTarget(conversations: Iterable<Conversation>, connectors: readonly ConnectorStatus[], author: SocialAuthorRef): MessageTarget | null {
  const accounts = new Set(connectors.filter((c) => c.network === author.network && c.capabilities.privateMessage).map((c) => c.accountId));
  if (accounts.size === 0) return null;
  const theirs = [...conversations].filter((c) => c.authorDid === author.did && accounts.has(c.accountId));
  const chosen = latest(theirs.filter((c) => c.visibility === 'private')) ?? latest(theirs.filter((c) => c.visibility === 'public'));
  const accountId = chosen?.accountId ?? [...accounts][0] ?? '';
  const onAccount = theirs.filter((c) => c.accountId === accountId);
  return {
    accountId,
    conversationId: chosen?.id ?? null,
    lastCustomerMessageAt: onAccount.length === 0 ? null : Math.max(...onAccount.map((c) => c.lastItemAt)),
    wroteFirst: onAccount.some((c) => c.visibility === 'private'),
  };
}
