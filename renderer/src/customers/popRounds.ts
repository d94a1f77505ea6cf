import type { Identity } from './model';
import type { PopCard } from './popCardTables';
import type { FirstRound, PopRounds, PopRoundsAsk, PopRoundsDb } from './popRoundsAsk';
import { nativePopRounds } from './nativePopRounds';

export type { FirstRound, PopRounds, PopRoundsAsk, PopRoundsDb, SecondAsk, SecondRound } from './popRoundsAsk';

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
