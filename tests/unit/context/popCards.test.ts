import { describe, expect, it, vi } from 'vitest';
import { createPopCards } from '../../../renderer/src/customers/popCards';
import type { TandemDb } from '../../../renderer/src/data/db';
import { angryPost, CARLA_PHONE, carlaCalls, claim, freshDbName, openDb, proof, REGION, storeItems } from './contextFakes';

const call = carlaCalls();
const CARLA_KEY = { kind: 'phone', value: CARLA_PHONE } as const;

/** Carla with her phone, a handle she proved and an angry post; one ring, so her card gets written. */
async function carlaWhoRangBefore() {
  const { db, repo } = openDb(freshDbName());
  const { customer } = await repo.createCustomer({ name: 'Carla Gómez', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
  await repo.recordProof(proof({ customerId: customer.id }));
  await storeItems(db, angryPost());
  const first = await repo.popCaller('call-1', call.remote, REGION);
  expect(first.fromCard).toBe(false);
  await cardWritten(db);
  return { db, repo, customer };
}

/** The card is written after the pop answered (off its path): wait for that state. */
const cardWritten = (db: TandemDb) => vi.waitFor(async () => expect(await db.popCards.count()).toBe(1));

describe('pop cards: the next ring paints from one read, never from a link that is gone', () => {
  it('the second ring from a number answers from its card, with what the panel showed last time', async () => {
    const { db, repo } = await carlaWhoRangBefore();
    const again = await repo.popCaller('call-2', call.remote, REGION);
    expect(again.fromCard).toBe(true);
    expect(again.context?.customer.name).toBe('Carla Gómez');
    expect(again.context?.identities.filter((identity) => identity.verified).map((identity) => identity.value)).toEqual(['carla.test']);
    expect(again.context?.posts[0]?.openComplaint).toBe(true);
    db.close();
  });

  it('a note written since is not on the card; the full read after the paint has it and stores it', async () => {
    const { db, repo, customer } = await carlaWhoRangBefore();
    await repo.addNote(customer.id, 'Prefers calls after 5pm');

    const fromCard = await repo.popCaller('call-2', call.remote, REGION);
    expect(fromCard.context?.notes).toEqual([]);
    const full = await repo.popCaller('call-2', call.remote, REGION, { useCard: false });
    expect(full.fromCard).toBe(false);
    expect(full.context?.notes.map((note) => note.text)).toEqual(['Prefers calls after 5pm']);

    await vi.waitFor(async () => expect((await repo.popCaller('call-3', call.remote, REGION)).context?.notes).toHaveLength(1));
    db.close();
  });

  it('an account claiming her number forgets her card in the same step: the next ring shows the claim, unverified', async () => {
    const { db, repo } = await carlaWhoRangBefore();
    await repo.recordClaim(claim());
    expect(await db.popCards.count()).toBe(0);

    const next = await repo.popCaller('call-2', call.remote, REGION);
    expect(next.fromCard).toBe(false);
    const claimed = next.context?.identities.find((identity) => identity.value === 'mallory.test');
    expect(claimed).toMatchObject({ verified: false, claim: { did: 'did:plc:mallory' } });
    expect(next.context?.identities.filter((identity) => identity.verified).map((identity) => identity.value)).toEqual(['carla.test']);
    db.close();
  });

  it('unlinking her verified account forgets her card in the same step: the next ring reads everything', async () => {
    const { db, repo, customer } = await carlaWhoRangBefore();
    const verified = (await repo.identities(customer.id)).find((identity) => identity.verified);
    await repo.unlinkIdentity(verified?.id ?? '');
    expect(await db.popCards.count()).toBe(0);

    const next = await repo.popCaller('call-2', call.remote, REGION);
    expect(next.fromCard).toBe(false);
    expect(next.context?.identities.some((identity) => identity.verified)).toBe(false);
    expect(next.context?.posts).toEqual([]);
    db.close();
  });

  it('a rename, a new handle and a new proof each forget the card', async () => {
    const { db, repo, customer } = await carlaWhoRangBefore();
    await repo.renameCustomer(customer.id, 'Carla G. Ruiz');
    expect(await db.popCards.count()).toBe(0);

    await repo.popCaller('call-2', call.remote, REGION);
    await cardWritten(db);
    await repo.addIdentity(customer.id, 'email', 'carla@example.test', REGION);
    expect(await db.popCards.count()).toBe(0);

    await repo.popCaller('call-3', call.remote, REGION);
    await cardWritten(db);
    await repo.recordProof(proof({ customerId: customer.id, handle: 'carla-work.test', did: 'did:plc:carlawork' }));
    expect(await db.popCards.count()).toBe(0);
    db.close();
  });

  it('a number another customer now shares skips the card: the agent picks between them', async () => {
    const { db, repo } = await carlaWhoRangBefore();
    await repo.createCustomer({ name: 'Luis Gómez', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);

    const shared = await repo.popCaller('call-2', call.remote, REGION);
    expect(shared.fromCard).toBe(false);
    expect(shared.context).toBeNull();
    expect(shared.matches.map((match) => match.customer.name).sort()).toEqual(['Carla Gómez', 'Luis Gómez']);
    db.close();
  });

  it('a context read before an unlink committed is not stored after it', async () => {
    const { db, repo, customer } = await carlaWhoRangBefore();
    const before = (await repo.popCaller('call-2', call.remote, REGION, { useCard: false })).context;
    const verified = (await repo.identities(customer.id)).find((identity) => identity.verified);
    await repo.unlinkIdentity(verified?.id ?? '');

    await createPopCards(db).remember([CARLA_KEY], before!, []);

    expect(await db.popCards.count()).toBe(0);
    db.close();
  });
});
