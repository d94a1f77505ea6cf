import type { SocialItem } from '@tandem/contract';
import type { ConversationStatus } from '../social/socialTables';
import type { Sentiment } from '../social/sentiment';
import type { Meaning } from '../social/meaning/analyseMeaning';
import type { CallDraft, Customer, Identity, Interaction, InteractionChannel, Note } from './model';

/**
 * What the screen pop shows of a customer, as the read model
 * (callerContextReads.ts) answers it and a pop card (popCardTables.ts) keeps
 * it. Shapes only, so the tables that store a context need no reading code.
 */

export interface CallerMatch {
  readonly customer: Customer;
  /** The identity the caller matched. */
  readonly identity: Identity;
}

export interface PopOptions {
  /** Read the call's draft (a reload mid-call, a call linked by hand); default true. */
  readonly restoreDraft?: boolean;
  /** Answer from the caller's pop card when it is still theirs (default true); false reads everything. */
  readonly useCard?: boolean;
  /**
   * The caller's pop card is stored once this settles (the screen pop passes
   * its paint): a read-write transaction opened before the frame would take
   * main-thread time from it and make the next read queue behind it.
   */
  readonly storeCardAfter?: PromiseLike<unknown>;
  readonly limit?: number;
  readonly limits?: Partial<ContextLimits>;
  /**
   * Called once with who the customer to show is (name and identities,
   * `historyPending`) as soon as those answer, before their history: a first
   * ring's panel paints that while the rest is read. Not called when the
   * call has a draft (its note and link come with the full answer) or when
   * the answer is a pop card (which is whole already).
   */
  readonly onWho?: (who: CustomerContext) => void;
  /**
   * After `onWho` was called, the history's reads wait for this to settle
   * (the screen pop passes its next paint): asking for them is script that
   * would otherwise run in the task that commits who is calling, before its
   * frame. Default: at once.
   */
  readonly historyAfterWho?: () => PromiseLike<unknown>;
}

export interface CallerPop {
  readonly draft: CallDraft | undefined;
  /** As `lookupCaller` answers. */
  readonly matches: CallerMatch[];
  /** The customer the panel shows: the draft's (a hand-made link wins over the number), else the only match; null for none. */
  readonly context: CustomerContext | null;
  /** The context is the caller's pop card (as last shown): read again with `useCard: false` once it has painted. */
  readonly fromCard: boolean;
}

export interface ContextLimits {
  readonly timeline: number;
  readonly posts: number;
  readonly notes: number;
}

export const DEFAULT_CONTEXT_LIMITS: ContextLimits = { timeline: 20, posts: 10, notes: 10 };

/** A post (or listening match) by one of the customer's verified accounts, as the panel shows it. */
export interface CustomerPost {
  readonly item: SocialItem;
  readonly sentiment: Sentiment;
  /** How the post was judged (social/meaning); absent in a pop card cached before issue 13. */
  readonly meaning?: Meaning;
  /** The inbox status of its conversation; null when it never became one (a listening match). */
  readonly conversationStatus: ConversationStatus | null;
  /** Judged a complaint and its conversation not closed. */
  readonly openComplaint: boolean;
}

/** One line of a customer's history, whatever it came from: an interaction's fields, plus where it was read. */
export type TimelineEntry = Pick<Interaction, 'channel' | 'direction' | 'at' | 'summary' | 'wrapUpCode' | 'callId' | 'conversationId' | 'uri' | 'outcome'> & {
  readonly id: string;
  readonly source: 'interaction' | 'callLog' | 'social';
};

export interface TimelineOptions {
  readonly limit?: number;
  /** Only entries strictly older than this. */
  readonly before?: number;
  readonly channels?: readonly InteractionChannel[];
}

export interface CustomerContext {
  readonly customer: Customer;
  /** Verified first. The panel shows verified and unverified in separate lists. */
  readonly identities: readonly Identity[];
  /** Newest first. */
  readonly posts: readonly CustomerPost[];
  readonly timeline: readonly TimelineEntry[];
  /** Newest first. */
  readonly notes: readonly Note[];
  /**
   * Only who they are has been read so far (a first ring's pop shows that at
   * once, `PopOptions.onWho`); posts, timeline and notes are empty and follow.
   * Never stored in a pop card.
   */
  readonly historyPending?: true;
}
