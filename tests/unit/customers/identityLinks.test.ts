import { describe, expect, it, vi } from 'vitest';
import { createIdentityLinks, type IdentityLinkDb } from '../../../renderer/src/customers/identityLinks';
import { linkStatus, type Customer } from '../../../renderer/src/customers/model';
import { customerNameKeys } from '../../../renderer/src/customers/customerName';
import { angryPost, CARLA_DID, CARLA_PHONE, carlaAuthor, carlaCalls, claim, freshDbName, openDb, proof, REGION, storeItems } from '../context/contextFakes';
import { openPartDb } from './partDb';

// Identity links and consent proofs (customers/identityLinks.ts): a link is only as certain as its proof.

describe('identity links and consent proofs', () => {
  it('an agent-recorded handle stays unverified; proof with a code marks it verified with how, when and evidence', async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer({ name: 'Carla' }, REGION);
    const added = await repo.addIdentity(customer.id, 'bluesky', '@Carla.Test', REGION);
    expect(added.ok && added.identity.verified).toBe(false);
    expect(await repo.addIdentity(customer.id, 'bluesky', 'not a handle!', REGION)).toEqual({ ok: false, reason: 'invalid' });

    const at = Date.now() - 5000;
    const outcome = await repo.recordProof(proof({ customerId: customer.id, at }));
    expect(outcome.status).toBe('verified');
    const [identity] = await repo.identities(customer.id);
    expect(identity).toMatchObject({
      value: 'carla.test',
      did: CARLA_DID,
      verified: true,
      verifiedHow: 'code-post',
      verifiedAt: at,
      evidenceUri: proof().evidenceUri,
    });

    // Recording the handle again never downgrades it.
    await repo.addIdentity(customer.id, 'bluesky', 'carla.test', REGION);
    expect((await repo.identities(customer.id))[0]?.verified).toBe(true);
    db.close();
  });

  it('a phone number sent privately is recorded as claimed by that account, unverified, on the one customer who owns the number — never as verified', async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer({ name: 'Carla', identities: [{ kind: 'phone', value: '(212) 555-0123' }] }, REGION);
    const mallory = { ...carlaAuthor(), did: 'did:plc:mallory', handle: 'mallory.test' };
    await storeItems(db, {
      ...angryPost(),
      uri: 'at://did:plc:mallory/app.bsky.feed.post/1',
      conversationId: 'at://did:plc:mallory/app.bsky.feed.post/1',
      author: mallory,
    });

    // Step 1: the claim is recorded with who, when and which message, and it is not verified.
    const outcome = await repo.recordClaim(claim({ handle: 'Mallory.Test', at: 1_000 }));
    expect(outcome).toMatchObject({
      status: 'claimed',
      identity: { customerId: customer.id, kind: 'bluesky', value: 'mallory.test', verified: false, verifiedHow: null },
    });
    const [row] = (await repo.identities(customer.id)).filter((identity) => identity.kind === 'bluesky');
    expect(row?.claim).toEqual({ handle: 'mallory.test', did: 'did:plc:mallory', phone: CARLA_PHONE, evidenceUri: claim().evidenceUri, at: 1_000 });
    expect(row && linkStatus(row)).toBe('claimed');

    // Step 2: every read the pop makes says so — the ring's lookup, the pop card, the full read — and the claimer's posts are not hers.
    const ring = await repo.popCaller('call-1', carlaCalls().remote, REGION);
    await vi.waitFor(async () => expect(await db.popCards.count()).toBe(1));
    const card = await repo.popCaller('call-2', carlaCalls().remote, REGION);
    const full = await repo.loadContext(customer.id);
    expect(card.fromCard).toBe(true);
    for (const context of [ring.context, card.context, full]) {
      expect(context?.identities.filter((identity) => identity.verified)).toEqual([]);
      expect(context?.posts).toEqual([]);
    }

    // Step 3: two customers on one number, or none: nobody is claimed.
    await repo.createCustomer({ name: 'Carla’s brother', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
    expect(await repo.recordClaim(claim({ handle: 'other.test', did: 'did:plc:other' }))).toEqual({ status: 'unmatched', reason: 'ambiguous' });
    expect(await repo.recordClaim(claim({ phone: '+442071838750', handle: 'x.test' }))).toEqual({ status: 'unmatched', reason: 'no-customer' });
    db.close();
  });

  it('a claimed link is upgraded only by a code round trip that binds the claimed number AND the claiming DID', async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer(
      {
        name: 'Carla',
        identities: [
          { kind: 'phone', value: CARLA_PHONE },
          { kind: 'phone', value: '+14155550100' },
        ],
      },
      REGION,
    );
    await repo.recordClaim(claim());
    const answer = (patch: Parameters<typeof proof>[0]) =>
      repo.recordProof(proof({ customerId: customer.id, handle: 'mallory.test', did: 'did:plc:mallory', ...patch }));

    // A code that went through no call, another of her numbers, or came from another account: still a claim.
    expect(await answer({ phone: null })).toEqual({ status: 'unmatched', reason: 'unbound' });
    expect(await answer({ phone: '+14155550100' })).toEqual({ status: 'unmatched', reason: 'unbound' });
    expect(await answer({ phone: CARLA_PHONE, did: 'did:plc:someone-else' })).toEqual({ status: 'unmatched', reason: 'unbound' });
    expect((await repo.identities(customer.id)).filter((identity) => identity.verified)).toEqual([]);

    // Read back on a call from the claimed number, the code the desk sent to the claiming account: proven.
    const proven = await answer({ phone: CARLA_PHONE, method: 'code-read-back', evidenceUri: 'call:c1' });
    expect(proven).toMatchObject({
      status: 'verified',
      identity: { value: 'mallory.test', did: 'did:plc:mallory', verified: true, verifiedHow: 'code-read-back', evidenceUri: 'call:c1' },
    });
    expect(proven.status === 'verified' && proven.identity.claim).toBeUndefined();

    // A later claim never takes the proof away.
    expect(await repo.recordClaim(claim({ evidenceUri: 'at://convo/again' }))).toMatchObject({ status: 'verified' });
    expect((await repo.identities(customer.id)).find((identity) => identity.kind === 'bluesky')?.verified).toBe(true);
    db.close();
  });

  it('unlink removes the link in one step and leaves the history', async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer, identities } = await repo.createCustomer({ name: 'Carla', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
    const call = carlaCalls({ state: 'ended', endedAt: Date.now(), outcome: 'answered' });
    await repo.saveCallDraft(call, { customerId: customer.id, text: 'Asked about a refund' });
    await repo.finishCall(call);
    await repo.unlinkIdentity(identities[0]?.id ?? '');
    expect(await repo.identities(customer.id)).toEqual([]);
    expect((await repo.timeline(customer.id)).map((entry) => entry.summary)).toEqual(['Asked about a refund']);
    db.close();
  });

  it('a cached profile is replaced only by the same account: a handle that changed hands keeps its proof, not the stranger', async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer({ name: 'Carla' }, REGION);
    const verified = await repo.recordProof(proof({ customerId: customer.id }));
    if (verified.status !== 'verified') throw new Error('expected verified');
    expect((await repo.updateProfile(verified.identity.id, carlaAuthor()))?.profile?.followers).toBe(1500);
    expect(await repo.updateProfile(verified.identity.id, carlaAuthor({ did: 'did:plc:someone-else', followers: 9 }))).toBeNull();
    expect((await repo.identities(customer.id))[0]?.profile?.followers).toBe(1500);
    db.close();
  });

  it("needs only customers, identities and pop cards: every change to a link drops the customer's card in the same step", async () => {
    const db = openPartDb<IdentityLinkDb>(['customers', 'identities', 'popCards']);
    let now = 1_000;
    const links = createIdentityLinks(db, { now: () => now });
    const carla: Customer = { id: 'carla', name: 'Carla', ...customerNameKeys('Carla'), createdAt: 0, updatedAt: 0 };
    await db.customers.add(carla);
    const cardShown = () =>
      db.popCards.put({
        kind: 'phone',
        value: CARLA_PHONE,
        customerId: carla.id,
        context: { customer: carla, identities: [], posts: [], timeline: [], notes: [] },
        writtenAt: 0,
      });

    await cardShown();
    const added = await links.addIdentity(carla.id, 'bluesky', '@carla.test', REGION);
    expect([added.ok, await db.popCards.count(), (await db.customers.get(carla.id))?.updatedAt]).toEqual([true, 0, 1_000]);

    await cardShown();
    now = 2_000;
    expect((await links.recordProof(proof({ customerId: carla.id }))).status).toBe('verified');
    expect([await db.popCards.count(), (await db.customers.get(carla.id))?.updatedAt]).toEqual([0, 2_000]);

    await cardShown();
    await links.unlinkIdentity(added.ok ? added.identity.id : '');
    expect([await db.popCards.count(), await links.identities(carla.id)]).toEqual([0, []]);
    expect(await links.addIdentity('no-such-customer', 'phone', CARLA_PHONE, REGION)).toEqual({ ok: false, reason: 'no-customer' });
    db.close();
  });
});
