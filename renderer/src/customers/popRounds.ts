import type Dexie from 'dexie';
import type { CustomerTables } from './customerTables';
import type { IdentityKey } from './identityValue';
import type { CallDraft, Customer, Identity } from './model';
import type { PopCard, PopCardTables } from './popCardTables';
import { nativePopRounds } from './nativePopRounds';

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

/**
 * The two rounds in one native IndexedDB transaction when it can be had
 * (nativePopRounds.ts), else with Dexie: a native read that cannot start or
 * fails is read again with Dexie, so it costs time, never an answer.
 */
export function readPopRounds(db: PopRoundsDb, ask: PopRoundsAsk): Promise<PopRounds> {
  const native = nativePopRounds(db, ask);
  return native === null ? dexiePopRounds(db, ask) : native.catch(() => dexiePopRounds(db, ask));
}

/** The same rounds with Dexie: each read its own implicit transaction, answered on its request's success. */
export async function dexiePopRounds(db: PopRoundsDb, ask: PopRoundsAsk): Promise<PopRounds> {
  const [draft, perKey, cards] = await Promise.all([
    ask.draftOf === null ? Promise.resolve(undefined) : db.callDrafts.get(ask.draftOf),
    Promise.all(ask.keys.map((key) => db.identities.where('[kind+value]').equals([key.kind, key.value]).limit(ask.limit).toArray())),
    ask.readCards && ask.keys.length > 0
      ? db.popCards.bulkGet(ask.keys.map((key): [string, string] => [key.kind, key.value]))
      : Promise.resolve<(PopCard | undefined)[]>([]),
  ]);
  const first: FirstRound = { draft, perKey, cards };
  const second = ask.next(first);
  if (second === null) return { first, second: null };
  const [customers, targetIdentities] = await Promise.all([
    db.customers.bulkGet([...second.customerIds]),
    second.target === null ? Promise.resolve<Identity[]>([]) : db.identities.where('customerId').equals(second.target).toArray(),
  ]);
  return { first, second: { customers, targetIdentities } };
}
