import { describe, expect, it } from 'vitest';
import { mergeTimeline } from '../../../renderer/src/customers/mergeTimeline';
import { callerKeys, identityPrefixes, normaliseHandle, normalisePhone, normaliseSipUri } from '../../../renderer/src/customers/identityValue';
import { callInteractionId, type Interaction } from '../../../renderer/src/customers/model';
import type { CallLogEntry } from '../../../renderer/src/softphone/callLogTables';
import { angryPost, BRAND, CARLA_DID, CARLA_PHONE, carlaAuthor, freshDbName, openDb, proof, REGION, socialItem, storeItems } from '../context/contextFakes';

// The caller-context read model (customers/callerContextReads.ts): who rings, and what the pop shows of them.

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

describe('the caller context reads the customer history and the social desk', () => {
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

  it("the timeline shows each call and post once, newest first, and never the brand's own replies", () => {
    const interaction = (patch: Partial<Interaction>): Interaction => ({
      id: 'i',
      customerId: 'carla',
      channel: 'call',
      direction: 'inbound',
      at: 0,
      summary: '',
      wrapUpCode: null,
      callId: null,
      conversationId: null,
      uri: null,
      outcome: null,
      endedAt: null,
      ...patch,
    });
    const logged = (id: string, startedAt: number): CallLogEntry => ({
      id,
      direction: 'inbound',
      remoteUri: `sip:${CARLA_PHONE}@pbx.test`,
      remoteNumber: CARLA_PHONE,
      remoteDisplayName: 'Carla',
      startedAt,
      answeredAt: null,
      endedAt: startedAt + 1,
      outcome: 'missed',
    });
    const post = (uri: string, createdAt: number, kind: 'mention' | 'brand-reply' = 'mention') => ({ ...socialItem({ uri, createdAt, kind }), seq: 1 });
    const interactions = [
      interaction({ id: callInteractionId('c1'), callId: 'c1', at: 50, summary: 'Refund asked' }),
      interaction({ id: 'social:at://recorded', channel: 'social-public', uri: 'at://recorded', at: 40 }),
    ];
    const calls = [logged('c1', 50), logged('c2', 30)];
    const items = [post('at://recorded', 40), post('at://brand', 60, 'brand-reply'), post('at://new', 20)];

    expect(mergeTimeline(interactions, calls, items, 10).map((entry) => [entry.id, entry.source])).toEqual([
      [callInteractionId('c1'), 'interaction'],
      ['social:at://recorded', 'interaction'],
      [callInteractionId('c2'), 'callLog'],
      ['social:at://new', 'social'],
    ]);
    expect(mergeTimeline(interactions, calls, items, 2)).toHaveLength(2);
  });
});
