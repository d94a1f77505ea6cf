import { afterEach, describe, expect, it } from 'vitest';
import type { TeamWrite } from '@tandem/contract';
import { createPopQuiet } from '../../../renderer/src/customers/popQuiet';
import { step } from '../../integration/support/step';
import { withTeamWrites } from '../../../renderer/src/customers/teamWrites';
import { createTandemStore, type TandemStore } from '../../../renderer/src/store/store';
import { angryPost, carlaCalls, createContextHost, freshDbName, openDb, proof, REGION, storeItems, type ContextHost } from './contextFakes';

// Issue 14 item 3 / issue 11: "with the team database the figures do not move: the pop reads the local cache
// only". Between the ring and the frame that paints the panel, the pop opens read-only transactions over the
// cache's customer, call-log and social stores and nothing else: never the team's own tables (the cursor),
// never a write (its own draft and pop card wait for the paint, so nothing it starts queues a read-write
// transaction where the next read would wait), and it asks main nothing (the team database is main's).

/** The stores a pop may read: the customer history, the call log, the social desk's items and the pop cards. */
const POP_STORES = new Set(['callDrafts', 'identities', 'popCards', 'customers', 'interactions', 'notes', 'calls', 'socialItems', 'conversations']);

interface Opened {
  readonly stores: readonly string[];
  readonly mode: IDBTransactionMode;
}

/** Records every IndexedDB transaction opened while `recording` (fake-indexeddb's IDBDatabase, as Chromium's). */
function watchTransactions() {
  const native = Reflect.get(IDBDatabase.prototype, 'transaction') as (...args: unknown[]) => IDBTransaction;
  const opened: Opened[] = [];
  let recording = false;
  Reflect.set(IDBDatabase.prototype, 'transaction', function (this: IDBDatabase, stores: string | string[], mode?: IDBTransactionMode, ...rest: unknown[]) {
    if (recording) opened.push({ stores: typeof stores === 'string' ? [stores] : [...stores], mode: mode ?? 'readonly' });
    return native.call(this, stores, mode, ...rest);
  });
  return {
    opened,
    record(on: boolean) {
      recording = on;
    },
    restore: () => Reflect.set(IDBDatabase.prototype, 'transaction', native),
  };
}

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** A team desk (history writes go to the team) whose paint the test releases. */
function teamDesk(dbName: string) {
  const { db, repo } = openDb(dbName);
  const host: ContextHost = createContextHost();
  const sent: TeamWrite[] = [];
  const customers = withTeamWrites(repo, db, {
    enabled: () => true,
    send: (write) => {
      sent.push(write);
      return Promise.resolve();
    },
  });
  let paint: (() => void) | undefined;
  const store = createTandemStore({
    api: host.api,
    customers,
    popQuiet: createPopQuiet(),
    afterPaint: () => new Promise<void>((resolve) => (paint = resolve)),
  });
  return {
    db,
    host,
    sent,
    store,
    /** Waits until the panel shows a settled pop and asks for its paint; the frame is released by `painted`. */
    async shown(this: void) {
      for (let turn = 0; turn < 200 && (paint === undefined || store.getState().contextStatus === 'loading'); turn += 1)
        await new Promise<void>((resolve) => setTimeout(resolve, 2));
      expect(store.getState().contextStatus).toBe('known');
    },
    painted(this: void) {
      const frame = paint;
      paint = undefined;
      frame?.();
    },
  };
}

async function seedCarla(dbName: string): Promise<void> {
  const { db, repo } = openDb(dbName);
  const { customer } = await repo.createCustomer({ name: 'Carla Gómez', identities: [{ kind: 'phone', value: '(212) 555-0123' }] }, REGION);
  await repo.recordProof(proof({ customerId: customer.id }));
  await repo.addNote(customer.id, 'Prefers email follow-ups', true);
  await storeItems(db, angryPost());
  db.close();
}

/** Until the frame: only reads of the pop's stores, no write, no request to main. */
function expectCacheReadsOnly(opened: readonly Opened[], requestsBefore: number, desk: { host: ContextHost; sent: readonly TeamWrite[] }) {
  expect(opened.filter((transaction) => transaction.mode !== 'readonly')).toEqual([]);
  expect(opened.filter((transaction) => transaction.stores.some((store) => !POP_STORES.has(store)))).toEqual([]);
  expect(desk.host.requests.slice(requestsBefore)).toEqual([]);
  expect(desk.sent).toEqual([]);
}

/** A first ring's frames (who is calling, then the whole panel) let through until the caller's pop card is stored. */
async function paintUntilCarded(desk: ReturnType<typeof teamDesk>): Promise<void> {
  await expect
    .poll(() => {
      desk.painted();
      return desk.db.popCards.count();
    })
    .toBe(1);
}

function ring(store: TandemStore, id: string): void {
  store.getState().contextCallChanged(carlaCalls({ id }));
}

describe("a team desk's screen pop reads the local cache only, and writes nothing before its paint", () => {
  it('a first ring (no pop card): read-only transactions over the cache until the frame; its own writes follow the paint', async () => {
    const dbName = freshDbName();
    await seedCarla(dbName);
    const watch = watchTransactions();
    restore = watch.restore;
    const desk = teamDesk(dbName);
    // The desk opened its database at start, long before a call rings (Dexie's open reads every store once).
    await desk.db.open();
    const requestsBefore = desk.host.requests.length;

    watch.record(true);
    ring(desk.store, 'call-1');
    await desk.shown();
    expect(watch.opened.length).toBeGreaterThan(0);
    // Nothing the pop started may have opened a write yet: give any deferred work its turns before the frame.
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
    watch.record(false);
    expectCacheReadsOnly(watch.opened, requestsBefore, desk);
    // Until who is calling has painted, one transaction: the history's reads are asked for after that frame.
    expect(watch.opened).toEqual([{ stores: ['callDrafts', 'identities', 'popCards', 'customers'], mode: 'readonly' }]);

    // The history is read after who is calling has painted, and once that has painted too, the call's draft
    // (whose call this is) and the caller's pop card are written: every frame asked for is let through.
    await expect
      .poll(async () => {
        desk.painted();
        return (await desk.db.callDrafts.get('call-1'))?.customerId;
      })
      .toBeTypeOf('string');
    await expect.poll(() => desk.db.popCards.count()).toBe(1);
    desk.db.close();
  });

  it('a caller who rang before, while this window ran: nothing is read before the paint (the card is in memory); the full read follows it', async () => {
    const dbName = freshDbName();
    await seedCarla(dbName);
    const watch = watchTransactions();
    restore = watch.restore;
    const desk = teamDesk(dbName);
    ring(desk.store, 'call-1');
    await desk.shown();
    await paintUntilCarded(desk);
    await desk.store.getState().closeContext();

    await step('her second ring shows her with the ringing call, having opened no transaction and asked main nothing', async () => {
      const requestsBefore = desk.host.requests.length;
      watch.record(true);
      ring(desk.store, 'call-2');
      expect(desk.store.getState()).toMatchObject({ contextStatus: 'known', customerContext: { customer: { name: 'Carla Gómez' } } });
      await desk.shown();
      await new Promise<void>((resolve) => setTimeout(resolve, 20));
      watch.record(false);
      expect(watch.opened).toEqual([]);
      expectCacheReadsOnly(watch.opened, requestsBefore, desk);
    });

    await step('once painted, the full read confirms her and the call’s draft says whose call it is', async () => {
      watch.record(true);
      desk.painted();
      await expect.poll(async () => (await desk.db.callDrafts.get('call-2'))?.customerId).toBeTypeOf('string');
      watch.record(false);
      expect(new Set(watch.opened.flatMap((transaction) => transaction.stores))).toContain('interactions');
    });
    desk.db.close();
  });

  it('a caller who rang before the desk restarted (a stored pop card, none in memory): one round of cache reads before the paint', async () => {
    const dbName = freshDbName();
    await seedCarla(dbName);
    const earlier = teamDesk(dbName);
    ring(earlier.store, 'call-1');
    await earlier.shown();
    await paintUntilCarded(earlier);
    earlier.db.close();

    const watch = watchTransactions();
    restore = watch.restore;
    const desk = teamDesk(dbName);
    await desk.db.open();
    const requestsBefore = desk.host.requests.length;
    watch.record(true);
    ring(desk.store, 'call-2');
    await desk.shown();
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
    watch.record(false);
    expect(watch.opened.length).toBeGreaterThan(0);
    expectCacheReadsOnly(watch.opened, requestsBefore, desk);
    // A pop card is one round in one transaction (popRounds.ts): the draft, the caller's identities and the card,
    // with the customers in its scope for a first ring's second round; nothing of the history.
    expect(watch.opened).toEqual([{ stores: ['callDrafts', 'identities', 'popCards', 'customers'], mode: 'readonly' }]);
    desk.painted();
    await expect.poll(async () => (await desk.db.callDrafts.get('call-2'))?.customerId).toBeTypeOf('string');
    desk.db.close();
  });
});
