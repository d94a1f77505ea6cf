import { describe, expect, it } from 'vitest';
import type { SocialItem } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import { createSocialStore, type SocialStore } from '../../../renderer/src/social/socialStore';
import { createTandemStore } from '../../../renderer/src/store/store';
import { freshDbName } from '../context/contextFakes';
import { socialItem } from './socialFakes';

// Issue 14 item 2: 1 000 mentions a minute. Mentions heard while one is being stored wait and go
// together: one IndexedDB transaction and one store update (so one render of the inbox) for all
// of them. Counted, not timed.

const NOW = Date.UTC(2026, 11, 4, 12, 0);

const mention = (seq: number): SocialItem => ({ ...socialItem({ text: `question ${seq} about my order`, createdAt: NOW - 1_000 + seq }), seq });

/** A desk's store whose IndexedDB ingest can be held, counting the ingests and the inbox's updates. */
async function deskWithHeldIngest() {
  const db = openTandemDb(freshDbName());
  const real = createSocialStore(db);
  const ingests: number[] = [];
  let release: () => void = () => undefined;
  let held: Promise<void> | null = null;
  const social: SocialStore = {
    ...real,
    async ingest(items, now) {
      ingests.push(items.length);
      if (held !== null) await held;
      return real.ingest(items, now);
    },
  };
  const store = createTandemStore({ api: undefined, social, now: () => NOW });
  await store.getState().loadSocial();
  let updates = 0;
  store.subscribe((state, before) => {
    if (state.conversationsVersion !== before.conversationsVersion) updates += 1;
  });
  return {
    store,
    ingests,
    updates: () => updates,
    hold() {
      held = new Promise((resolve) => (release = resolve));
    },
    release() {
      held = null;
      release();
    },
    close: () => db.close(),
  };
}

describe('mentions arriving faster than they are stored', () => {
  it('go in one transaction and one inbox update, in order, after the one being stored', async () => {
    const desk = await deskWithHeldIngest();
    const { store } = desk;

    // The first mention's write is slow (the disk is busy); five more arrive meanwhile, one event each.
    desk.hold();
    const first = store.getState().socialItemsArrived([mention(0)]);
    await expect.poll(() => desk.ingests.length).toBe(1);
    const later = [1, 2, 3, 4, 5].map((seq) => store.getState().socialItemsArrived([mention(seq)]));
    desk.release();
    await Promise.all([first, ...later]);

    // Two transactions, not six: the first mention's, then the five that waited, together.
    expect(desk.ingests).toEqual([1, 5]);
    expect(desk.updates()).toBe(2);
    expect(store.getState().conversations.size).toBe(6);
    expect(store.getState().socialLastSeq).toBe(5);
    desk.close();
  });

  it('still notices a gap between two of the waiting events and catches up from the journal', async () => {
    const desk = await deskWithHeldIngest();
    const { store } = desk;
    desk.hold();
    const first = store.getState().socialItemsArrived([mention(0)]);
    await expect.poll(() => desk.ingests.length).toBe(1);
    // seq 2 is missing between the waiting events: no ingest of what is here; the journal is asked (no host here: a sync problem).
    const later = [store.getState().socialItemsArrived([mention(1)]), store.getState().socialItemsArrived([mention(3)])];
    desk.release();
    await Promise.all([first, ...later]);
    expect(desk.ingests).toEqual([1]);
    expect(store.getState().socialProblem?.operation).toBe('sync');
    desk.close();
  });
});
