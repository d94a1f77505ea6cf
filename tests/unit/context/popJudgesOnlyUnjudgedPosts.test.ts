import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Meaning from '../../../renderer/src/social/meaning/analyseMeaning';
import { angryPost, CARLA_DID, CARLA_PHONE, carlaCalls, freshDbName, openDb, proof, REGION, storeItems } from './contextFakes';

// Counts every judgement (the real one runs): the pop must not judge, while the phone rings, a post the desk judged when it came in.
const judged = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../renderer/src/social/meaning/analyseMeaning', async (importOriginal) => {
  const real = await importOriginal<typeof Meaning>();
  return {
    ...real,
    analyseMeaning: (...args: Parameters<typeof real.analyseMeaning>) => {
      judged.count += 1;
      return real.analyseMeaning(...args);
    },
  };
});

const call = carlaCalls();

/** Carla with her phone and a handle she proved, on a desk that has never shown her (no pop card): the first ring reads her in full. */
async function carlaNewToThisDesk() {
  const { db, repo } = openDb(freshDbName());
  const { customer } = await repo.createCustomer({ name: 'Carla Gómez', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
  await repo.recordProof(proof({ customerId: customer.id }));
  return { db, repo };
}

describe("the screen pop reuses the desk's judgement of a caller's posts (issue 14: a pop with margin)", () => {
  beforeEach(() => {
    judged.count = 0;
  });

  it('her angry post, judged when it came in, is flagged as an open complaint at her first ring without being judged again', async () => {
    const { db, repo } = await carlaNewToThisDesk();
    await storeItems(db, angryPost());
    // Step: the desk judged the post once, folding it into its conversation.
    expect(judged.count).toBe(1);
    judged.count = 0;

    // Step: Carla rings for the first time on this desk.
    const pop = await repo.popCaller('call-1', call.remote, REGION);
    expect(pop.fromCard).toBe(false);
    expect(pop.context?.posts.map((post) => [post.item.uri, post.openComplaint, post.meaning?.complaint])).toEqual([[angryPost().uri, true, true]]);
    expect(judged.count).toBe(0);
    db.close();
  });

  it('a post whose conversation holds no judgement (stored before issue 13) is judged during the pop, and still flagged', async () => {
    const { db, repo } = await carlaNewToThisDesk();
    await storeItems(db, angryPost());
    await db.conversations.update(angryPost().conversationId, { meaning: undefined });
    judged.count = 0;

    const pop = await repo.popCaller('call-1', call.remote, REGION);
    expect(pop.context?.posts[0]?.openComplaint).toBe(true);
    expect(judged.count).toBe(1);
    db.close();
  });

  it("an earlier post in a thread whose latest post is another one is judged itself, not given the latest one's judgement", async () => {
    const { db, repo } = await carlaNewToThisDesk();
    const thread = angryPost().conversationId;
    // Carla complains, then thanks the brand in the same thread: the conversation's judgement is the thanks.
    await storeItems(db, { ...angryPost(), createdAt: Date.now() - 2000 });
    await storeItems(db, {
      ...angryPost(),
      uri: `at://${CARLA_DID}/app.bsky.feed.post/thanks`,
      parentUri: thread,
      text: 'thank you, the replacement arrived and works great',
      createdAt: Date.now() - 1000,
    });
    judged.count = 0;

    const pop = await repo.popCaller('call-1', call.remote, REGION);
    const complaint = pop.context?.posts.find((post) => post.item.uri === angryPost().uri);
    const thanks = pop.context?.posts.find((post) => post.item.uri !== angryPost().uri);
    expect(complaint?.meaning?.complaint).toBe(true);
    expect(thanks?.meaning?.complaint).toBe(false);
    // Only the complaint was judged again: the thanks is the conversation's latest post.
    expect(judged.count).toBe(1);
    db.close();
  });
});
