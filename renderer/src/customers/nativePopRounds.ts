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
    let waiting = 0;
    // Requests of one transaction answer in the order they were made: the last asked answers last.
    const ask1 = <T>(request: IDBRequest<T>, take: (value: T) => void) => {
      waiting += 1;
      request.onsuccess = () => {
        take(request.result);
        waiting -= 1;
        if (waiting === 0) second();
      };
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
      let left = asked.customerIds.length + (asked.target === null ? 0 : 1);
      const done = () => {
        left -= 1;
        if (left === 0) resolve({ first, second: { customers, targetIdentities } });
      };
      if (left === 0) return resolve({ first, second: { customers, targetIdentities } });
      asked.customerIds.forEach((id, i) => {
        const request = customersStore.get(id);
        request.onsuccess = () => {
          customers[i] = request.result as SecondRound['customers'][number];
          done();
        };
      });
      if (asked.target !== null) {
        const request = identities.index('customerId').getAll(asked.target);
        request.onsuccess = () => {
          targetIdentities = request.result as Identity[];
          done();
        };
      }
    };
    try {
      if (ask.draftOf !== null) ask1(transaction.objectStore('callDrafts').get(ask.draftOf), (draft) => (first.draft = draft as FirstRound['draft']));
      const byKey = identities.index('[kind+value]');
      ask.keys.forEach((key, i) => ask1(byKey.getAll([key.kind, key.value], ask.limit), (rows) => (first.perKey[i] = rows as Identity[])));
      if (ask.readCards) {
        const cards = transaction.objectStore('popCards');
        ask.keys.forEach((key, i) => ask1(cards.get([key.kind, key.value]), (card) => (first.cards[i] = card as PopCard | undefined)));
      }
      if (waiting === 0) second();
    } catch (error) {
      fail(error);
    }
  });
}
