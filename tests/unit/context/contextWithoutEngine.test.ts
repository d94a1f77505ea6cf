import { describe, expect, it, vi } from 'vitest';
import type * as Engine from '../../../renderer/src/social/meaning/meaningEngine';
import { angryPost, CARLA_PHONE, carlaCalls, freshDbName, openDb, proof, REGION, storeItems } from './contextFakes';

// The meaning engine is a chunk of its own; a browser-host tab open across an upgrade cannot fetch it
// any more. A caller's panel must still open: who they are, what they said, their history. Only a
// post with no stored judgement goes without one, until the page is reloaded.
const engine = vi.hoisted(() => ({ gone: false }));
vi.mock('../../../renderer/src/social/meaning/meaningEngine', async (importOriginal) => {
  const real = await importOriginal<typeof Engine>();
  return {
    ...real,
    loadMeaning: () => (engine.gone ? Promise.reject(new real.MeaningEngineUnavailable(new TypeError('Failed to fetch'))) : real.loadMeaning()),
  };
});

const call = carlaCalls();

/** Carla, known by her phone and a handle she proved, whose angry post was stored before judgements were (issue 13). */
async function carlaWithAnUnjudgedPost() {
  const { db, repo } = openDb(freshDbName());
  const { customer } = await repo.createCustomer({ name: 'Carla Gómez', identities: [{ kind: 'phone', value: CARLA_PHONE }] }, REGION);
  await repo.recordProof(proof({ customerId: customer.id }));
  await storeItems(db, angryPost());
  await db.conversations.update(angryPost().conversationId, { meaning: undefined });
  return { db, repo, customer };
}

describe("a caller's panel when the meaning engine cannot be fetched", () => {
  it('the ring pops Carla with her post, shown without a judgement', async () => {
    const { db, repo } = await carlaWithAnUnjudgedPost();
    engine.gone = true;

    const pop = await repo.popCaller('call-1', call.remote, REGION);

    expect(pop.context?.customer.name).toBe('Carla Gómez');
    expect(pop.context?.posts.map((post) => [post.item.uri, post.meaning, post.openComplaint])).toEqual([[angryPost().uri, undefined, false]]);
    engine.gone = false;
    db.close();
  });

  it('opening her from search reads her whole context in its one transaction, the post without a judgement', async () => {
    const { db, repo, customer } = await carlaWithAnUnjudgedPost();
    engine.gone = true;

    // Before: the engine was asked for again inside the read transaction, which IndexedDB committed meanwhile.
    const context = await repo.loadContext(customer.id);

    expect(context?.customer.name).toBe('Carla Gómez');
    expect(context?.posts.map((post) => [post.item.uri, post.meaning])).toEqual([[angryPost().uri, undefined]]);
    engine.gone = false;

    // Once the engine is back, the same post is judged again, a complaint as before.
    const again = await repo.loadContext(customer.id);
    expect(again?.posts[0]?.meaning?.complaint).toBe(true);
    expect(again?.posts[0]?.openComplaint).toBe(true);
    db.close();
  });
});
