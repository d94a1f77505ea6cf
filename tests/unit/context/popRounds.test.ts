import { afterEach, describe, expect, it } from 'vitest';
import { callerKeys } from '../../../renderer/src/customers/identityValue';
import { nativePopRounds } from '../../../renderer/src/customers/nativePopRounds';
import { dexiePopRounds, readPopRounds, type FirstRound, type PopRoundsAsk } from '../../../renderer/src/customers/popRounds';
import { step } from '../../integration/support/step';
import { CARLA_PHONE, freshDbName, openDb, REGION } from './contextFakes';

// Issue 14 item 3: a first ring's "who is calling" is two rounds of reads (the caller's identities, then the
// customer). Read as one native IndexedDB transaction, the second round is asked from inside the first's
// answer; whatever stops that read, Dexie's reads answer the same.

const nativeTransaction = Reflect.get(IDBDatabase.prototype, 'transaction') as (...args: unknown[]) => IDBTransaction;
afterEach(() => Reflect.set(IDBDatabase.prototype, 'transaction', nativeTransaction));

/** Counts the IndexedDB transactions opened from now on. */
function countTransactions(): { readonly opened: string[][] } {
  const opened: string[][] = [];
  Reflect.set(IDBDatabase.prototype, 'transaction', function (this: IDBDatabase, stores: string | string[], ...rest: unknown[]) {
    opened.push(typeof stores === 'string' ? [stores] : [...stores]);
    return nativeTransaction.call(this, stores, ...rest);
  });
  return { opened };
}

/** Carla's number, shared with her brother Diego (a family phone), and Carla's own handle. */
async function familyPhone() {
  const { db, repo } = openDb(freshDbName());
  const { customer: carla } = await repo.createCustomer(
    {
      name: 'Carla Gómez',
      identities: [
        { kind: 'phone', value: CARLA_PHONE },
        { kind: 'bluesky', value: 'carla.test' },
      ],
    },
    REGION,
  );
  const { customer: diego } = await repo.createCustomer({ name: 'Diego Gómez', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
  await db.callDrafts.put({
    callId: 'call-1',
    customerId: carla.id,
    text: 'asked about her refund',
    wrapUpCode: null,
    direction: 'inbound',
    remoteUri: `sip:${CARLA_PHONE}@pbx.test`,
    startedAt: 1,
    updatedAt: 1,
    finishedAt: null,
  });
  return { db, carla, diego };
}

/** The pop's ask: the draft of call-1, the caller's keys, and the draft's customer as the one to show. */
const askFor = (next?: (first: FirstRound) => ReturnType<PopRoundsAsk['next']>): PopRoundsAsk => ({
  draftOf: 'call-1',
  keys: callerKeys({ uri: `sip:${CARLA_PHONE}@pbx.test`, number: CARLA_PHONE }, REGION),
  limit: 5,
  readCards: true,
  next:
    next ??
    ((first) => ({
      customerIds: [...new Set(first.perKey.flat().map((identity) => identity.customerId))],
      target: first.draft?.customerId ?? null,
    })),
});

describe('the pop reads who is calling in one transaction', () => {
  it('Carla rings on a family phone: one transaction answers what Dexie would, both customers and her identities', async () => {
    const { db, carla, diego } = await familyPhone();
    await db.open();

    const watch = countTransactions();
    const native = await step('the native read asks both rounds in one read-only transaction', async () => {
      const rounds = await nativePopRounds(db, askFor());
      expect(watch.opened).toEqual([['callDrafts', 'identities', 'popCards', 'customers']]);
      return rounds;
    });

    await step('it found her draft, both owners of the number, no pop card, and her two identities', () => {
      expect(native?.first.draft?.text).toBe('asked about her refund');
      expect(native?.first.perKey[0]?.map((identity) => identity.customerId).sort()).toEqual([carla.id, diego.id].sort());
      expect(native?.first.cards.every((card) => card === undefined)).toBe(true);
      expect(native?.second?.customers.map((customer) => customer?.name).sort()).toEqual(['Carla Gómez', 'Diego Gómez']);
      expect(native?.second?.targetIdentities.map((identity) => identity.value).sort()).toEqual([CARLA_PHONE, 'carla.test']);
    });

    await step("Dexie's reads of the same rounds answer exactly the same", async () => {
      expect(await dexiePopRounds(db, askFor())).toEqual(native);
    });
    db.close();
  });

  it('a pop card answers: no second round is asked', async () => {
    const { db } = await familyPhone();
    await db.open();
    const rounds = await nativePopRounds(
      db,
      askFor(() => null),
    );
    expect(rounds?.second).toBeNull();
    expect(rounds?.first.draft?.callId).toBe('call-1');
    db.close();
  });

  it('before the database is open, or when its read fails half-way, Dexie reads the rounds instead', async () => {
    const { db, carla } = await familyPhone();
    db.close();
    const closed = openDb(db.name).db;

    await step('a database not open yet: no native read is even started, and the rounds still answer', async () => {
      expect(nativePopRounds(closed, askFor())).toBeNull();
      const rounds = await readPopRounds(closed, askFor());
      expect(rounds.second?.targetIdentities.every((identity) => identity.customerId === carla.id)).toBe(true);
    });

    await step('the second round refused inside the transaction: it is read again with Dexie, nothing lost', async () => {
      let calls = 0;
      const rounds = await readPopRounds(
        closed,
        askFor((first) => {
          calls += 1;
          if (calls === 1) throw new Error('refused');
          return { customerIds: [carla.id], target: first.draft?.customerId ?? null };
        }),
      );
      expect(calls).toBe(2);
      expect(rounds.second?.customers.map((customer) => customer?.name)).toEqual(['Carla Gómez']);
    });
    closed.close();
  });
});
