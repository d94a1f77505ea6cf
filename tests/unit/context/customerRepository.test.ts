import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { callerKeys, identityPrefixes, normaliseHandle, normalisePhone, normaliseSipUri } from '../../../renderer/src/customers/identityValue';
import { callInteractionId } from '../../../renderer/src/customers/customerRepository';
import { DB_NAME, LATEST_VERSION, openTandemDb, type CallLogEntry } from '../../../renderer/src/data/db';
import { linkStatus } from '../../../renderer/src/customers/model';
import { angryPost, BRAND, CARLA_DID, CARLA_PHONE, carlaAuthor, carlaCalls, claim, freshDbName, openDb, proof, REGION, storeItems } from './contextFakes';

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

describe('identity values are normalised, so one person is one key', () => {
  it('lookup normalises numbers: +1 212 555 0123 == (212) 555-0123 with region US', async () => {
    expect(normalisePhone('+1 212 555 0123', REGION)).toBe(CARLA_PHONE);
    expect(normalisePhone('(212) 555-0123', REGION)).toBe(CARLA_PHONE);
    expect(normalisePhone('001 212 555 0123', 'ES')).toBe(CARLA_PHONE);
    expect(normalisePhone('call me maybe', REGION)).toBeNull();

    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer({ name: 'Carla Gómez', identities: [{ kind: 'phone', value: '+1 212 555 0123' }] }, REGION);
    // main sends E.164; a PBX that sends a national user part with no number is found too.
    const byNumber = await repo.lookupCaller({ uri: 'sip:anything@pbx.test', number: '(212) 555-0123' }, REGION);
    const byUserPart = await repo.lookupCaller({ uri: 'sip:2125550123@pbx.test;user=phone', number: null }, REGION);
    expect(byNumber.map((match) => match.customer.id)).toEqual([customer.id]);
    expect(byUserPart.map((match) => match.customer.id)).toEqual([customer.id]);
    db.close();
  });

  it('SIP URIs lose display name, brackets, parameters and case; handles lose @ and case', () => {
    expect(normaliseSipUri('"Bob" <SIP:Bob@PBX.Example.com;transport=ws>')).toBe('sip:bob@pbx.example.com');
    expect(normaliseSipUri('sips:alice@example.com?subject=hi')).toBe('sips:alice@example.com');
    expect(normaliseSipUri('http://example.com')).toBeNull();
    expect(normaliseSipUri('sip:bob@pbx\r\nVia: evil')).toBeNull();
    expect(normaliseHandle('@Carla.Bsky.Social')).toBe('carla.bsky.social');
    expect(normaliseHandle('<script>')).toBeNull();
    expect(callerKeys({ uri: 'sip:1001@PBX.test', number: null }, REGION)).toEqual([{ kind: 'sip', value: 'sip:1001@pbx.test' }]);
    expect(identityPrefixes('212 555', REGION)).toContainEqual({ kind: 'phone', value: '+1212555' });
  });
});

describe('the customer history in Dexie', () => {
  it('search finds a customer by name prefix, number prefix and handle prefix', async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer(
      { name: 'Carla Gómez', identities: [{ kind: 'phone', value: CARLA_PHONE }, { kind: 'bluesky', value: '@carla.test' }] },
      REGION,
    );
    await repo.createCustomer({ name: 'Bruno' }, REGION);
    for (const query of ['carl', 'CARLA G', '212 555', '+1212', '@carla.t']) {
      expect((await repo.search(query, REGION)).map((hit) => hit.customer.id), query).toEqual([customer.id]);
    }
    expect(await repo.search('zzz', REGION)).toEqual([]);
    db.close();
  });

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
    expect(identity).toMatchObject({ value: 'carla.test', did: CARLA_DID, verified: true, verifiedHow: 'code-post', verifiedAt: at, evidenceUri: proof().evidenceUri });

    // Recording the handle again never downgrades it.
    await repo.addIdentity(customer.id, 'bluesky', 'carla.test', REGION);
    expect((await repo.identities(customer.id))[0]?.verified).toBe(true);
    db.close();
  });

  it("a complaint Carla posted in someone else's thread is flagged while that thread is open, and not once it is closed", async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer({ name: 'Carla', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
    await repo.recordProof(proof({ customerId: customer.id }));
    const root = 'at://did:plc:bruno/app.bsky.feed.post/root';
    const bruno = { ...carlaAuthor(), did: 'did:plc:bruno', handle: 'bruno.test' };
    const now = Date.now();
    // Bruno speaks last in his thread, so the conversation is filed under him, not under Carla's DID.
    await storeItems(
      db,
      { ...angryPost(), uri: `at://${CARLA_DID}/app.bsky.feed.post/reply`, conversationId: root, parentUri: root, createdAt: now - 2000 },
      { ...angryPost(), uri: `${root}-2`, conversationId: root, author: bruno, text: `@${BRAND} same here`, createdAt: now - 1000 },
    );
    expect((await db.conversations.get(root))?.authorDid).toBe('did:plc:bruno');

    const open = await repo.loadContext(customer.id);
    expect(open?.posts.map((post) => [post.item.conversationId, post.conversationStatus, post.openComplaint])).toEqual([[root, 'new', true]]);
    await db.conversations.update(root, { status: 'closed' });
    const closed = await repo.loadContext(customer.id);
    expect(closed?.posts.map((post) => [post.conversationStatus, post.openComplaint])).toEqual([['closed', false]]);
    db.close();
  });

  it('a phone number sent privately is recorded as claimed by that account, unverified, on the one customer who owns the number — never as verified', async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer({ name: 'Carla', identities: [{ kind: 'phone', value: '(212) 555-0123' }] }, REGION);
    const mallory = { ...carlaAuthor(), did: 'did:plc:mallory', handle: 'mallory.test' };
    await storeItems(db, { ...angryPost(), uri: 'at://did:plc:mallory/app.bsky.feed.post/1', conversationId: 'at://did:plc:mallory/app.bsky.feed.post/1', author: mallory });

    // Step 1: the claim is recorded with who, when and which message, and it is not verified.
    const outcome = await repo.recordClaim(claim({ handle: 'Mallory.Test', at: 1_000 }));
    expect(outcome).toMatchObject({ status: 'claimed', identity: { customerId: customer.id, kind: 'bluesky', value: 'mallory.test', verified: false, verifiedHow: null } });
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
    const { customer } = await repo.createCustomer({ name: 'Carla', identities: [{ kind: 'phone', value: CARLA_PHONE }, { kind: 'phone', value: '+14155550100' }] }, REGION);
    await repo.recordClaim(claim());
    const answer = (patch: Parameters<typeof proof>[0]) => repo.recordProof(proof({ customerId: customer.id, handle: 'mallory.test', did: 'did:plc:mallory', ...patch }));

    // A code that went through no call, another of her numbers, or came from another account: still a claim.
    expect(await answer({ phone: null })).toEqual({ status: 'unmatched', reason: 'unbound' });
    expect(await answer({ phone: '+14155550100' })).toEqual({ status: 'unmatched', reason: 'unbound' });
    expect(await answer({ phone: CARLA_PHONE, did: 'did:plc:someone-else' })).toEqual({ status: 'unmatched', reason: 'unbound' });
    expect((await repo.identities(customer.id)).filter((identity) => identity.verified)).toEqual([]);

    // Read back on a call from the claimed number, the code the desk sent to the claiming account: proven.
    const proven = await answer({ phone: CARLA_PHONE, method: 'code-read-back', evidenceUri: 'call:c1' });
    expect(proven).toMatchObject({ status: 'verified', identity: { value: 'mallory.test', did: 'did:plc:mallory', verified: true, verifiedHow: 'code-read-back', evidenceUri: 'call:c1' } });
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

  it('hang-up writes the interaction with note and code atomically; a code picked later updates the same row', async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer({ name: 'Carla', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
    const live = carlaCalls({ state: 'active' });
    await repo.saveCallDraft(live, { customerId: customer.id, text: 'Wants a replacement' });

    await repo.finishCall({ ...live, state: 'ended', endedAt: Date.now(), outcome: 'answered' }, { text: 'Wants a replacement, sending one', wrapUpCode: null });
    await repo.saveCallDraft(live, { wrapUpCode: 'resolved' });

    const rows = await db.interactions.where('callId').equals(live.id).toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: callInteractionId(live.id), customerId: customer.id, channel: 'call', summary: 'Wants a replacement, sending one', wrapUpCode: 'resolved', outcome: 'answered' });
    expect((await db.notes.get(callInteractionId(live.id)))?.text).toBe('Wants a replacement, sending one');
    db.close();
  });

  it('a call that ended while no window was open is recorded from its draft at the next load', async () => {
    const { db, repo } = openDb(freshDbName());
    const { customer } = await repo.createCustomer({ name: 'Carla' }, REGION);
    const gone = carlaCalls({ state: 'active' });
    const stillLive = carlaCalls({ state: 'active' });
    await repo.saveCallDraft(gone, { customerId: customer.id, text: 'Line dropped', wrapUpCode: 'follow-up' });
    await repo.saveCallDraft(stillLive, { customerId: customer.id, text: 'Still talking' });

    expect(await repo.finishAbandonedDrafts([stillLive.id])).toBe(1);

    expect(await db.interactions.get(callInteractionId(gone.id))).toMatchObject({ summary: 'Line dropped', wrapUpCode: 'follow-up', customerId: customer.id });
    expect(await db.interactions.get(callInteractionId(stillLive.id))).toBeUndefined();
    expect(await repo.finishAbandonedDrafts([stillLive.id])).toBe(0);
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
});

describe('schema versions', () => {
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
