import { describe, expect, it } from 'vitest';
import type { CustomerContext } from '../../../renderer/src/customers/customerContext';
import { step } from '../../integration/support/step';
import { angryPost, carlaCalls, contextStore, proof, REGION, storeItems } from './contextFakes';

// Issue 14 item 3: a caller's first ring on this desk paints who is calling as soon as their name and
// identities answer; their posts, timeline and notes need more reads and follow in a later commit.

/** Carla, with a verified handle, an angry post and an important note; no pop card yet. */
async function carlaNeverRangHere() {
  const desk = contextStore();
  const { customer } = await desk.repo.createCustomer({ name: 'Carla Gómez', identities: [{ kind: 'phone', value: '(212) 555-0123' }] }, REGION);
  await desk.repo.recordProof(proof({ customerId: customer.id }));
  await desk.repo.addNote(customer.id, 'Prefers email follow-ups', true);
  await storeItems(desk.db, angryPost());
  return desk;
}

/** Every customer context the panel was given, in order. */
function recordContexts(desk: Awaited<ReturnType<typeof carlaNeverRangHere>>) {
  const seen: CustomerContext[] = [];
  desk.store.subscribe((now, before) => {
    if (now.customerContext !== null && now.customerContext !== before.customerContext) seen.push(now.customerContext);
  });
  return seen;
}

describe('a first ring: who is calling first, their history right after', () => {
  it('the panel shows Carla by name and verified handle before her history is read, then her post and note', async () => {
    const desk = await carlaNeverRangHere();
    const seen = recordContexts(desk);

    await step('her number rings for the first time on this desk', async () => {
      desk.store.getState().contextCallChanged(carlaCalls({ id: 'call-1' }));
      await expect.poll(() => seen.some((context) => context.historyPending !== true)).toBe(true);
    });

    await step('the first thing shown is who she is: name and verified handle, the history marked as still coming', () => {
      const [first] = seen;
      expect(first).toMatchObject({ customer: { name: 'Carla Gómez' }, historyPending: true, posts: [], notes: [] });
      expect(first?.identities.filter((identity) => identity.verified).map((identity) => identity.value)).toEqual(['carla.test']);
    });

    await step('then the whole context: her complaint and her note, nothing pending', () => {
      const whole = seen.at(-1);
      expect(whole?.historyPending).toBeUndefined();
      expect(whole?.posts[0]?.openComplaint).toBe(true);
      expect(whole?.notes.map((note) => note.text)).toEqual(['Prefers email follow-ups']);
      expect(desk.store.getState().contextStatus).toBe('known');
    });

    await step('her pop card holds the whole context, never the partial one', async () => {
      await expect.poll(() => desk.db.popCards.count()).toBe(1);
      const [card] = await desk.db.popCards.toArray();
      expect(card?.context.historyPending).toBeUndefined();
      expect(card?.context.notes).toHaveLength(1);
    });
    desk.db.close();
  });
});
