import { describe, expect, it } from 'vitest';
import type { CustomerContext } from '../../../renderer/src/customers/customerContext';
import type { Customer, Identity } from '../../../renderer/src/customers/model';
import { LATEST_VERSION, openTandemDb } from '../../../renderer/src/data/db';
import { CARLA_DID, CARLA_PHONE, freshDbName, openDb, REGION } from './contextFakes';

/**
 * Schema version 6 (issue 9) on a real Dexie (fake-indexeddb): the rows are
 * written by version 5, exactly as the release before wrote them — a handle
 * "verified" because its account privately sent the customer's number.
 */

const at = Date.now() - 86_400_000;
// As version 5 wrote it: no name words yet (schema version 10 fills them in).
const customer = (id: string, name: string) => ({ id, name, nameLower: name.toLowerCase(), createdAt: at, updatedAt: at }) as Customer;
const row = (customerId: string, kind: Identity['kind'], value: string, patch: Record<string, unknown> = {}): Identity => ({
  id: `${customerId}|${kind}|${value}`,
  customerId,
  kind,
  value,
  did: null,
  verified: false,
  verifiedHow: null,
  verifiedAt: null,
  evidenceUri: null,
  profile: null,
  createdAt: at,
  ...patch,
});

/** What version 5 stored for a phone number sent privately. */
const guessed = (customerId: string, handle: string, did: string) =>
  row(customerId, 'bluesky', handle, { did, verified: true, verifiedHow: 'phone-in-message', verifiedAt: at + 1, evidenceUri: `at://convo/${handle}` });

async function writtenByVersion5(name: string) {
  const v5 = openTandemDb(name, 5);
  await v5.customers.bulkPut([customer('carla', 'Carla'), customer('family', 'The Ruiz family'), customer('dana', 'Dana')]);
  await v5.identities.bulkPut([
    row('carla', 'phone', CARLA_PHONE),
    guessed('carla', 'mallory.test', 'did:plc:mallory'),
    // Two numbers: the old row does not say which one was sent.
    row('family', 'phone', '+34612345678'),
    row('family', 'phone', '+34699000111'),
    guessed('family', 'ruiz.test', 'did:plc:ruiz'),
    // Proven by a posted code: left as it is.
    row('dana', 'phone', '+14155550100'),
    row('dana', 'bluesky', 'dana.test', {
      did: 'did:plc:dana',
      verified: true,
      verifiedHow: 'code-post',
      verifiedAt: at,
      evidenceUri: 'at://did:plc:dana/post/1',
    }),
  ]);
  const card = (customerId: string, value: string) => ({
    kind: 'phone' as const,
    value,
    customerId,
    context: { customer: customer(customerId, customerId) } as unknown as CustomerContext,
    writtenAt: at,
  });
  await v5.popCards.bulkPut([card('carla', CARLA_PHONE), card('family', '+34612345678'), card('dana', '+14155550100')]);
  expect(v5.verno).toBe(5);
  v5.close();
}

describe('schema version 6: a phone number sent privately was a claim, not proof', () => {
  it('links version 5 verified that way become the account’s claim, unverified, with a note; their pop cards go; proven links stay', async () => {
    const name = freshDbName();
    await writtenByVersion5(name);

    // Step 1: the desk opens the database with this release.
    const { db, repo } = openDb(name);
    await db.open();
    expect(db.verno).toBe(LATEST_VERSION);
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(6);

    // Step 2: Carla's link is now Mallory's claim on her one number, unverified, and says why.
    const mallory = await db.identities.get('carla|bluesky|mallory.test');
    expect(mallory).toMatchObject({ verified: false, verifiedHow: null, verifiedAt: null, evidenceUri: null });
    expect(mallory?.claim).toEqual({ handle: 'mallory.test', did: 'did:plc:mallory', phone: CARLA_PHONE, evidenceUri: 'at://convo/mallory.test', at: at + 1 });
    expect(mallory?.downgraded?.reason).toBe('phone-in-message');
    expect(mallory?.downgraded?.at).toBeGreaterThan(at);
    // With two numbers, the claim names none.
    expect((await db.identities.get('family|bluesky|ruiz.test'))?.claim?.phone).toBeNull();

    // Step 3: the affected customers' pop cards are gone; Dana's (proven by a code) stays, and so does her link.
    expect((await db.popCards.toArray()).map((card) => card.customerId)).toEqual(['dana']);
    expect(await db.identities.get('dana|bluesky|dana.test')).toMatchObject({ verified: true, verifiedHow: 'code-post' });

    // Step 4: the next ring from Carla's number shows no verified account.
    const pop = await repo.popCaller('call-1', { uri: `sip:${CARLA_PHONE}@pbx.test`, number: CARLA_PHONE }, REGION);
    expect(pop.fromCard).toBe(false);
    expect(pop.context?.identities.filter((identity) => identity.verified)).toEqual([]);

    // Step 5: the downgraded family link is proven by a code round trip on a call from either of their own numbers, by that account only.
    const proof = {
      verificationId: 'v1',
      customerId: 'family',
      network: 'bluesky',
      handle: 'ruiz.test',
      method: 'code-read-back' as const,
      evidenceUri: 'call:c1',
      at: Date.now(),
    };
    expect(await repo.recordProof({ ...proof, did: CARLA_DID, phone: '+34699000111' })).toEqual({ status: 'unmatched', reason: 'unbound' });
    expect(await repo.recordProof({ ...proof, did: 'did:plc:ruiz', phone: '+14155550100' })).toEqual({ status: 'unmatched', reason: 'unbound' });
    expect(await repo.recordProof({ ...proof, did: 'did:plc:ruiz', phone: '+34699000111' })).toMatchObject({
      status: 'verified',
      identity: { verified: true },
    });
    const proven = await db.identities.get('family|bluesky|ruiz.test');
    expect(proven?.downgraded).toBeUndefined();
    db.close();
  });
});
