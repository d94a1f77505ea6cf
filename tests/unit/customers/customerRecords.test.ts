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

  it('an agent who types any word of the name, or its start, in any case and without accents, finds the customer', async () => {
    const { db, repo } = openDb(freshDbName());
    const carla = (await repo.createCustomer({ name: 'Carla Gómez' }, REGION)).customer;
    const shortName = (await repo.createCustomer({ name: 'C. Gómez' }, REGION)).customer;
    const obrien = (await repo.createCustomer({ name: "Seán O'Brien-Díaz" }, REGION)).customer;
    await repo.createCustomer({ name: 'Bruno' }, REGION);
    const found = async (query: string) => (await repo.search(query, REGION)).map((hit) => hit.customer.id);

    // Name order: "C. Gómez" before "Carla Gómez".
    expect(await found('Gómez'), 'a last name').toEqual([shortName.id, carla.id]);
    expect(await found('gomez'), 'without the accent').toEqual([shortName.id, carla.id]);
    expect(await found('GÓM'), 'the start of a word, in capitals').toEqual([shortName.id, carla.id]);
    expect(await found('gómez carla'), 'every word typed, in any order').toEqual([carla.id]);
    expect(await found('Carla G'), 'the start of the full name, as before').toEqual([carla.id]);
    expect(await found('obrien'), 'an apostrophe joins').toEqual([obrien.id]);
    expect(await found('diaz'), 'a hyphen separates').toEqual([obrien.id]);
    expect(await found('arla'), 'the middle of a word is not a start').toEqual([]);
    expect(await found('-- .'), 'no word at all').toEqual([]);

    // A rename re-indexes the words.
    await repo.renameCustomer(carla.id, 'Carla Ruiz');
    expect(await found('gomez')).toEqual([shortName.id]);
    expect(await found('ruiz')).toEqual([carla.id]);
    db.close();
  });

  it('a name with two words alike is one hit, and the limit counts customers that match every word', async () => {
    const { db, repo } = openDb(freshDbName());
    const ana = (await repo.createCustomer({ name: 'Ana Anaya' }, REGION)).customer;
    for (let i = 0; i < 5; i += 1) await repo.createCustomer({ name: `Ana Pérez ${i}` }, REGION);
    const gomez = (await repo.createCustomer({ name: 'Ana Gómez' }, REGION)).customer;
    expect((await repo.search('ana', REGION, 20)).filter((hit) => hit.customer.id === ana.id)).toHaveLength(1);
    expect(await repo.search('ana', REGION, 3)).toHaveLength(3);
    // "Ana Gómez" comes after five other Anas in the index range: the limit still reaches her.
    expect((await repo.search('ana gó', REGION, 1)).map((hit) => hit.customer.id)).toEqual([gomez.id]);
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
    expect(customer).toEqual({ id: 'id-1', name: 'Carla', nameLower: 'carla', nameWords: ['carla'], createdAt: 7, updatedAt: 7 });
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
