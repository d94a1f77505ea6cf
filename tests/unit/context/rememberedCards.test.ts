import { describe, expect, it, vi } from 'vitest';
import { createPopCards } from '../../../renderer/src/customers/popCards';
import type { PopCard } from '../../../renderer/src/customers/popCardTables';
import { rememberedCardsOf } from '../../../renderer/src/customers/rememberedCards';
import { openTandemDb } from '../../../renderer/src/data/db';
import { CARLA_PHONE, carlaCalls, claim, freshDbName, openDb, proof, REGION } from './contextFakes';

// Issue 14 item 3: a caller who rang before paints with the ringing call itself, from the cards this window
// holds in memory. Memory must be exactly as true as the stored cards: what forgets a stored card forgets
// the remembered one at once, and whatever could make a number someone else's forgets them all.

const call = carlaCalls();
const CARLA_KEY = { kind: 'phone', value: CARLA_PHONE } as const;

/** Carla with her phone and a handle she proved; one ring, so this window remembers her card. */
async function carlaWhoRangBefore(dbName = freshDbName()) {
  const { db, repo } = openDb(dbName);
  const { customer } = await repo.createCustomer({ name: 'Carla Gómez', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
  await repo.recordProof(proof({ customerId: customer.id }));
  await repo.popCaller('call-1', call.remote, REGION);
  await vi.waitFor(() => expect(repo.recallCard(call.remote, REGION)).not.toBeNull());
  return { db, repo, customer, dbName };
}

const recalledName = (repo: ReturnType<typeof openDb>['repo']) => repo.recallCard(call.remote, REGION)?.customer.name ?? null;

describe('remembered pop cards: a caller who rang before, at once, never a link that is gone', () => {
  it('her next ring finds her card in memory, verified handle and all, without a read', async () => {
    const { db, repo } = await carlaWhoRangBefore();
    const card = repo.recallCard(call.remote, REGION);
    expect(card?.customer.name).toBe('Carla Gómez');
    expect(card?.identities.filter((identity) => identity.verified).map((identity) => identity.value)).toEqual(['carla.test']);
    db.close();
  });

  it('a claim, an unlink, a rename: each forgets her remembered card in the same step', async () => {
    const { db, repo, customer } = await carlaWhoRangBefore();
    await repo.recordClaim(claim());
    expect(recalledName(repo)).toBeNull();

    await repo.popCaller('call-2', call.remote, REGION);
    await vi.waitFor(() => expect(recalledName(repo)).toBe('Carla Gómez'));
    const verified = (await repo.identities(customer.id)).find((identity) => identity.verified);
    await repo.unlinkIdentity(verified?.id ?? '');
    expect(recalledName(repo)).toBeNull();

    await repo.popCaller('call-3', call.remote, REGION);
    await vi.waitFor(() => expect(recalledName(repo)).toBe('Carla Gómez'));
    await repo.renameCustomer(customer.id, 'Carla G. Ruiz');
    expect(recalledName(repo)).toBeNull();
    db.close();
  });

  it('a number another customer now shares is forgotten: the next ring reads, and the agent picks', async () => {
    const { db, repo } = await carlaWhoRangBefore();
    await repo.createCustomer({ name: 'Luis Gómez', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
    expect(recalledName(repo)).toBeNull();
    db.close();
  });

  it('forgetting happens before the transaction that changes who she is commits, not after', async () => {
    const { db, repo, customer } = await carlaWhoRangBefore();
    await db.transaction('rw', db.identities, db.popCards, async () => {
      await createPopCards(db).forget([customer.id]);
      expect(recalledName(repo)).toBeNull();
    });
    db.close();
  });

  it('a card read from the database before a forget is not remembered after it', async () => {
    const { db, repo, customer } = await carlaWhoRangBefore();
    const cards = createPopCards(db);
    // A fresh window's memory is empty; this one is emptied by the forget below while the read is in flight.
    const keep = cards.beginRead();
    const reading = db.popCards.bulkGet([[CARLA_KEY.kind, CARLA_KEY.value]]);
    await cards.forget([customer.id]);
    keep(await reading);
    expect(recalledName(repo)).toBeNull();
    db.close();
  });

  it('another window of the desk forgetting her card makes this one forget it too', async () => {
    const { db, repo, customer, dbName } = await carlaWhoRangBefore();
    const other = openDb(dbName);
    await createPopCards(other.db).forget([customer.id]);
    await vi.waitFor(() => expect(recalledName(repo)).toBeNull());
    other.db.close();
    db.close();
  });

  it('holds the most recently used callers only: the least recent goes first', () => {
    const db = openTandemDb(freshDbName());
    const memory = rememberedCardsOf(db, 2);
    const card = (value: string): PopCard => ({ kind: 'phone', value, customerId: `c-${value}`, context: {} as PopCard['context'], writtenAt: 0 });
    memory.keep(card('+1'), memory.epoch);
    memory.keep(card('+2'), memory.epoch);
    expect(memory.recall('phone', '+1')?.value).toBe('+1');
    memory.keep(card('+3'), memory.epoch);
    expect(memory.recall('phone', '+2')).toBeUndefined();
    expect(memory.recall('phone', '+1')?.value).toBe('+1');
    expect(memory.recall('phone', '+3')?.value).toBe('+3');
    db.close();
  });
});
