import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../renderer/src/customers/model';
import type { CallLogEntry } from '../../../renderer/src/softphone/callLogTables';
import { DB_NAME, DECLARED_VERSIONS, LATEST_VERSION, openTandemDb } from '../../../renderer/src/data/db';
import { angryPost, CARLA_DID, CARLA_PHONE, freshDbName, openDb, proof, REGION, storeItems } from '../context/contextFakes';

const oldCall = (patch: Partial<CallLogEntry> = {}): CallLogEntry => ({
  id: 'old-call',
  direction: 'inbound',
  remoteUri: `sip:${CARLA_PHONE}@pbx.test`,
  remoteNumber: CARLA_PHONE,
  remoteDisplayName: 'Carla',
  startedAt: Date.now() - 86_400_000,
  answeredAt: Date.now() - 86_390_000,
  endedAt: Date.now() - 86_000_000,
  outcome: 'answered',
  ...patch,
});

describe('schema versions', () => {
  it('the version the early reload read expects is the last one declared', () => {
    // schemaVersion.ts states it without db.ts's imports; a version appended there must move it too.
    expect(LATEST_VERSION).toBe(Math.max(...DECLARED_VERSIONS));
    expect(DECLARED_VERSIONS.at(-1)).toBe(LATEST_VERSION);
  });

  it('a database any older release built opens at the latest with exactly the tables and indexes of a new one', async () => {
    /** Every store's key path and indexes, as IndexedDB itself holds them. */
    const shape = async (name: string) => {
      const db = openTandemDb(name);
      await db.open();
      const native = db.backendDB();
      const stores = [...native.objectStoreNames].sort();
      const tx = native.transaction(stores, 'readonly');
      const described = stores.map((store) => {
        const os = tx.objectStore(store);
        const indexes = [...os.indexNames].sort().map((index) => `${index}=${JSON.stringify(os.index(index).keyPath)}`);
        return `${store} ${JSON.stringify(os.keyPath)} ${os.autoIncrement} [${indexes.join(' ')}]`;
      });
      db.close();
      return described;
    };
    const fresh = await shape(freshDbName());
    for (const version of DECLARED_VERSIONS.slice(0, -1)) {
      const name = freshDbName();
      const old = openTandemDb(name, version);
      await old.open();
      old.close();
      expect(await shape(name), `from version ${version}`).toEqual(fresh);
    }
  });

  it('each mention writes only the social indexes a query reads (issue 14 item 2)', async () => {
    const db = openTandemDb(freshDbName());
    await db.open();
    const native = db.backendDB();
    const tx = native.transaction(['socialItems', 'conversations'], 'readonly');
    const indexes = (store: string) => [...tx.objectStore(store).indexNames].sort();
    // The thread, the listening view, the screen pop's posts; the screen pop's conversations, the inbox's order.
    expect(indexes('socialItems')).toEqual(['[author.did+createdAt]', 'conversationId', 'kind']);
    expect(indexes('conversations')).toEqual(['[authorDid+lastItemAt]', 'inboxKey']);
    db.close();
  });

  it(`migration from version 2 to ${LATEST_VERSION} keeps calls and social items, and old calls show up by phone identity`, async () => {
    const name = freshDbName();
    const v2 = openTandemDb(name, 2);
    await v2.calls.put(oldCall());
    await storeItems(v2, angryPost());
    expect(v2.verno).toBe(2);
    v2.close();

    const { db, repo } = openDb(name);
    await db.open();
    expect(db.verno).toBe(LATEST_VERSION);
    expect(await db.calls.get('old-call')).toMatchObject({ remoteNumber: CARLA_PHONE, outcome: 'answered' });
    expect(await db.socialItems.count()).toBe(1);
    expect(await db.conversations.count()).toBe(1);
    // The new index works over rows written before it existed.
    expect(await db.socialItems.where('[author.did+createdAt]').between([CARLA_DID, Dexie.minKey], [CARLA_DID, Dexie.maxKey]).count()).toBe(1);

    const { customer } = await repo.createCustomer({ name: 'Carla', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
    await repo.recordProof(proof({ customerId: customer.id }));
    const context = await repo.loadContext(customer.id);
    expect(context?.timeline.map((entry) => [entry.source, entry.channel])).toEqual([
      ['social', 'social-public'],
      ['callLog', 'call'],
    ]);
    expect(context?.posts[0]?.openComplaint).toBe(true);
    db.close();
  });

  it('migration to version 10 gives customers stored before it their name words, so "gomez" finds "Carla Gómez"', async () => {
    const name = freshDbName();
    const v9 = openTandemDb(name, 9);
    // As version 9 wrote them: no words.
    await v9.customers.bulkPut(
      ['Carla Gómez', 'Bruno Díaz', 'Ana María Pérez'].map(
        (full, i) => ({ id: `c${i}`, name: full, nameLower: full.toLowerCase(), createdAt: 1, updatedAt: 1 }) as Customer,
      ),
    );
    v9.close();

    const { db, repo } = openDb(name);
    await db.open();
    expect(db.verno).toBe(LATEST_VERSION);
    expect((await db.customers.get('c2'))?.nameWords).toEqual(['ana', 'maria', 'perez']);
    expect((await repo.search('gomez', REGION)).map((hit) => hit.customer.name)).toEqual(['Carla Gómez']);
    expect((await repo.search('MARÍA', REGION)).map((hit) => hit.customer.name)).toEqual(['Ana María Pérez']);
    db.close();
  });

  it('migration from version 1 (the call log only) keeps every call', async () => {
    const name = freshDbName();
    const v1 = openTandemDb(name, 1);
    await v1.calls.bulkPut([oldCall(), oldCall({ id: 'older', remoteNumber: null, remoteUri: 'sip:bob@pbx.test' })]);
    v1.close();
    const db = openTandemDb(name);
    expect((await db.calls.toArray()).map((call) => call.id).sort()).toEqual(['old-call', 'older']);
    expect(await db.customers.count()).toBe(0);
    db.close();
  });

  it('the app keeps one database, named tandem', () => {
    expect(DB_NAME).toBe('tandem');
    expect(openTandemDb().name).toBe('tandem');
  });
});
