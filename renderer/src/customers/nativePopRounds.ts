import type { Identity } from './model';
import type { PopCard } from './popCardTables';
import type { FirstRound, PopRounds, PopRoundsAsk, PopRoundsDb, SecondRound } from './popRoundsAsk';

/** Every store the two rounds read: one transaction's scope. */
const STORES = ['callDrafts', 'identities', 'popCards', 'customers'];

/**
 * The pop's two rounds (popRoundsAsk.ts) in ONE read-only IndexedDB transaction
 * on Dexie's own connection, without Dexie. A ring's trace showed the
 * pop's first seven reads as seven transactions, each made, scheduled and
 * committed by the browser, and Dexie's promise and zone machinery around
 * every request taking a quarter of the main thread's time between the ring
 * and the paint. Here each request answers on its own success, and the
 * second round is asked from inside the first's last answer, while the
 * transaction is still active: no new transaction, no promise turn between.
 *
 * Null when it cannot start (the database not open yet, a store missing in
 * an older schema); the promise rejects when the transaction fails. Either
 * way the caller reads with Dexie instead. Values are returned as stored:
 * no table of these has a reading hook or a mapped class.
 */
export function nativePopRounds(db: PopRoundsDb, ask: PopRoundsAsk): Promise<PopRounds> | null {
  let transaction: IDBTransaction;
  try {
    if (!db.isOpen()) return null;
    transaction = db.backendDB().transaction(STORES, 'readonly');
  } catch {
    return null;
  }
  return new Promise<PopRounds>((resolve, reject) => {
    transaction.onabort = () => reject(transaction.error ?? new Error('pop read aborted'));
    const identities = transaction.objectStore('identities');
    const first: { draft: FirstRound['draft']; perKey: Identity[][]; cards: (PopCard | undefined)[] } = { draft: undefined, perKey: [], cards: [] };
    // A request made from an answer's handler can still throw (a key IndexedDB refuses): the read fails, quietly.
    const fail = (error: unknown) => {
      try {
        transaction.abort();
      } catch {
        // Already finished or aborting.
      }
      reject(error instanceof Error ? error : new Error('pop read refused'));
    };
    const second = () => {
      try {
        askSecond();
      } catch (error) {
        fail(error);
      }
    };
    const askSecond = () => {
      const asked = ask.next(first);
      if (asked === null) return resolve({ first, second: null });
      const customersStore = transaction.objectStore('customers');
      const customers: SecondRound['customers'][number][] = [];
      let targetIdentities: Identity[] = [];
      const round2 = answersThen(() => resolve({ first, second: { customers, targetIdentities } }));
      asked.customerIds.forEach((id, i) => round2.take(customersStore.get(id), (customer) => (customers[i] = customer as SecondRound['customers'][number])));
      if (asked.target !== null) round2.take(identities.index('customerId').getAll(asked.target), (rows) => (targetIdentities = rows as Identity[]));
      round2.ifNoneAsked();
    };
    const round1 = answersThen(second);
    try {
      if (ask.draftOf !== null) round1.take(transaction.objectStore('callDrafts').get(ask.draftOf), (draft) => (first.draft = draft as FirstRound['draft']));
      const byKey = identities.index('[kind+value]');
      ask.keys.forEach((key, i) => round1.take(byKey.getAll([key.kind, key.value], ask.limit), (rows) => (first.perKey[i] = rows as Identity[])));
      if (ask.readCards) {
        const cards = transaction.objectStore('popCards');
        ask.keys.forEach((key, i) => round1.take(cards.get([key.kind, key.value]), (card) => (first.cards[i] = card as PopCard | undefined)));
      }
      round1.ifNoneAsked();
    } catch (error) {
      fail(error);
    }
  });
}

/**
 * One round of requests: `then` runs once every request given to `take` has
 * answered, from inside the last answer's handler, so the transaction is still
 * active for whatever `then` asks next.
 */
function answersThen(then: () => void) {
  let waiting = 0;
  return {
    take<T>(request: IDBRequest<T>, keep: (value: T) => void) {
      waiting += 1;
      request.onsuccess = () => {
        keep(request.result);
        waiting -= 1;
        if (waiting === 0) then();
      };
    },
    /** A round that asked nothing is done at once. */
    ifNoneAsked() {
      if (waiting === 0) then();
    },
  };
}
