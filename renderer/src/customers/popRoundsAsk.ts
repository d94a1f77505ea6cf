import type Dexie from 'dexie';
import type { CustomerTables } from './customerTables';
import type { IdentityKey } from './identityValue';
import type { CallDraft, Customer, Identity } from './model';
import type { PopCard, PopCardTables } from './popCardTables';

/**
 * The screen pop's first two rounds of reads, which decide who is calling
 * (the pop's own contract; `callerContextReads.popCaller` uses it):
 * 1. the call's draft, every caller key's identities and every key's pop card;
 * 2. decided from those ({@link PopRoundsAsk.next}): the customers matched,
 *    and the identities of the one to show, unless a pop card answered.
 */
export interface PopRoundsAsk {
  /** The call whose draft to read; null reads none. */
  readonly draftOf: string | null;
  readonly keys: readonly IdentityKey[];
  /** Identities read per key, at most. */
  readonly limit: number;
  readonly readCards: boolean;
  /** What the second round reads, from the first; null for no second round. Pure: it may be called twice. */
  readonly next: (first: FirstRound) => SecondAsk | null;
}

export interface FirstRound {
  readonly draft: CallDraft | undefined;
  /** Per caller key, in the keys' order. */
  readonly perKey: readonly Identity[][];
  /** Per caller key (empty when cards were not read). */
  readonly cards: readonly (PopCard | undefined)[];
}

export interface SecondAsk {
  readonly customerIds: readonly string[];
  /** The customer to show, whose identities are read too; null for none. */
  readonly target: string | null;
}

export interface SecondRound {
  /** In `customerIds`' order. */
  readonly customers: readonly (Customer | undefined)[];
  /** The target's identities (empty without a target). */
  readonly targetIdentities: readonly Identity[];
}

export interface PopRounds {
  readonly first: FirstRound;
  readonly second: SecondRound | null;
}

export type PopRoundsDb = Dexie & Pick<CustomerTables, 'customers' | 'identities' | 'callDrafts'> & PopCardTables;
