import type { EntityTable } from 'dexie';
import type { SocialItem } from '@tandem/contract';
import type { Meaning } from './meaning/analyseMeaning';

/**
 * The social desk's tables in the one `tandem` database (see db.ts, which
 * adds them as schema version 2). Items are stored as main journalled them,
 * keyed by their network URI so a resync rewrites rather than doubles;
 * conversations are the renderer's own summary of each thread, plus the
 * agent's workflow (status, assignment) that main doesn't know about.
 */
export const SOCIAL_STORES = {
  socialItems: 'uri, seq, conversationId, accountId, kind, createdAt',
  conversations: 'id, lastItemAt, status, accountId, visibility',
  socialMeta: 'key',
  /** One draft per conversation, with the idempotency key its send will use. */
  socialDrafts: 'conversationId',
  /** Replies and messages this desk submitted, so each shows its outbox state under the thread. */
  socialSends: 'clientId, conversationId, createdAt',
} as const;

export const CONVERSATION_STATUSES = ['new', 'open', 'waiting', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export interface Conversation {
  /** The item's conversationId: thread root URI, or the private conversation id. */
  readonly id: string;
  readonly network: string;
  readonly accountId: string;
  readonly visibility: 'public' | 'private';
  readonly status: ConversationStatus;
  readonly assignedToMe: boolean;
  readonly lastItemAt: number;
  /**
   * When the customer's latest item folded in was posted; absent on rows written before 5 Dec 2026 and
   * while only the brand has written. Tells their newest words from a late catch-up (conversationFold.ts).
   */
  readonly lastCustomerItemAt?: number;
  /** Since when the customer has been waiting for our answer; null when the last word was ours. */
  readonly firstWaitingSince: number | null;
  /**
   * When the desk (or the team) closed it, while it is closed; absent on conversations closed before
   * Dec 2026. A closed conversation leaves the inbox's memory a week after (closedInMemory.ts).
   */
  readonly closedAt?: number;
  /** The customer's latest post: who, what, and how it reads. */
  readonly authorDid: string;
  readonly authorHandle: string;
  readonly authorDisplayName: string;
  readonly authorFollowers: number | null;
  /** The author's avatar as the network gave it (shown only when it is an http(s) URL); absent on rows written before issue 12. */
  readonly authorAvatarUrl?: string | null;
  readonly sentimentScore: number;
  readonly sentimentWords: readonly { readonly word: string; readonly score: number }[];
  /** How the latest post was judged (complaint, its reasons, escalation cues, language); absent on rows written before issue 13. */
  readonly meaning?: Meaning;
  /** Priority when the row was last written; the inbox recomputes it as waiting time grows. */
  readonly priority: number;
  /** The post to reply to (public) — the customer's latest item. */
  readonly replyToUri: string | null;
  /** The beginning of the customer's latest post, for the row. */
  readonly preview: string;
  readonly itemCount: number;
  /** The inbox's order as an index key (inboxSortKey.ts), written by the store with every write; absent on rows not written through it. */
  readonly inboxKey?: readonly [number, number, number];
}

export interface SocialMetaRow {
  readonly key: 'lastSeq';
  readonly value: number;
}

export interface SocialDraft {
  readonly conversationId: string;
  readonly text: string;
  /** Generated when the draft starts and kept across retries, reloads and crashes. */
  readonly clientId: string;
  readonly mode: 'public' | 'private';
}

export interface SocialSend {
  readonly clientId: string;
  readonly conversationId: string;
  readonly accountId: string;
  readonly kind: 'reply' | 'message';
  readonly parentUri: string | null;
  readonly toDid: string | null;
  readonly text: string;
  readonly createdAt: number;
}

export interface SocialTables {
  socialItems: EntityTable<SocialItem, 'uri'>;
  conversations: EntityTable<Conversation, 'id'>;
  socialMeta: EntityTable<SocialMetaRow, 'key'>;
  socialDrafts: EntityTable<SocialDraft, 'conversationId'>;
  socialSends: EntityTable<SocialSend, 'clientId'>;
}
