import { describe, expect, it, vi } from 'vitest';
import { createCustomerRecords, type CustomerRecordDb } from '../../../renderer/src/customers/customerRecords';
import { MAX_NOTE } from '../../../renderer/src/customers/model';
import { CARLA_PHONE, carlaCalls, freshDbName, openDb, REGION } from '../context/contextFakes';
import { openPartDb } from './partDb';

// The customers themselves (customers/customerRecords.ts): found, created, renamed, noted.

describe('customer records', () => {
  it('search finds a customer by name prefix, number prefix and handle prefix', async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer(
      {
        name: 'Carla Gómez',
        identities: [
          { kind: 'phone', value: CARLA_PHONE },
          { kind: 'bluesky', value: '@carla.test' },
        ],
      },
      REGION,
    );
    await repo.createCustomer({ name: 'Bruno' }, REGION);
    for (const query of ['carl', 'CARLA G', '212 555', '+1212', '@carla.t']) {
      expect(
        (await repo.search(query, REGION)).map((hit) => hit.customer.id),
        query,
      ).toEqual([customer.id]);
    }
    expect(await repo.search('zzz', REGION)).toEqual([]);
    db.close();
  });

  it('a new customer keeps the identities that normalise and hands back the rest; a blank name is refused', async () => {
    const { db, repo } = openDb(freshDbName());
    const created = await repo.createCustomer(
      {
        name: '  Carla  ',
        identities: [
          { kind: 'phone', value: '(212) 555-0123' },
          { kind: 'phone', value: CARLA_PHONE },
          { kind: 'phone', value: 'call me maybe' },
        ],
      },
      REGION,
    );
    expect(created.customer).toMatchObject({ name: 'Carla', nameLower: 'carla' });
    expect(created.identities.map((identity) => [identity.value, identity.verified])).toEqual([[CARLA_PHONE, false]]);
    expect(created.rejected).toEqual([{ kind: 'phone', value: 'call me maybe' }]);
    expect(await repo.getCustomer(created.customer.id)).toEqual(created.customer);
    await expect(repo.createCustomer({ name: '   ' }, REGION)).rejects.toThrow(RangeError);
    db.close();
  });

  it("a rename drops the caller's pop card in the same step, so the next ring shows the new name", async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer({ name: 'Carla', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
    await repo.popCaller('call-1', carlaCalls().remote, REGION);
    await vi.waitFor(async () => expect(await db.popCards.count()).toBe(1));

    expect((await repo.renameCustomer(customer.id, 'Carla Gómez'))?.nameLower).toBe('carla gómez');
    expect(await db.popCards.count()).toBe(0);
    const ring = await repo.popCaller('call-2', carlaCalls().remote, REGION);
    expect([ring.fromCard, ring.context?.customer.name]).toEqual([false, 'Carla Gómez']);
    expect(await repo.renameCustomer('no-such-customer', 'Bruno')).toBeNull();
    db.close();
  });

  it('a note outside any call is kept (cut at the longest note) and is also a line of the history', async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer({ name: 'Carla' }, REGION);
    const note = await repo.addNote(customer.id, 'x'.repeat(MAX_NOTE + 10));
    expect(note).toMatchObject({ customerId: customer.id, callId: null });
    expect(note.text).toHaveLength(MAX_NOTE);
    expect((await repo.timeline(customer.id)).map((entry) => [entry.channel, entry.summary.length])).toEqual([['note', MAX_NOTE]]);
    db.close();
  });

  it('needs only customers, identities, pop cards, notes and interactions, with the clock and ids it is given', async () => {
    const db = openPartDb<CustomerRecordDb>(['customers', 'identities', 'popCards', 'notes', 'interactions']);
    let ids = 0;
    const records = createCustomerRecords(db, { now: () => 7, newId: () => `id-${++ids}` });
    const { customer } = await records.createCustomer({ name: 'Carla', identities: [{ kind: 'bluesky', value: '@carla.test' }] }, REGION);
    expect(customer).toEqual({ id: 'id-1', name: 'Carla', nameLower: 'carla', createdAt: 7, updatedAt: 7 });
    expect((await records.search('@carla', REGION)).map((hit) => [hit.customer.id, hit.identity?.value])).toEqual([['id-1', 'carla.test']]);
    expect(await records.addNote(customer.id, 'Prefers email')).toEqual({
      id: 'id-2',
      customerId: 'id-1',
      callId: null,
      text: 'Prefers email',
      important: false,
      updatedAt: 7,
    });
    expect(await db.interactions.get('note:id-2')).toMatchObject({ customerId: 'id-1', channel: 'note', summary: 'Prefers email' });
    db.close();
  });
});
