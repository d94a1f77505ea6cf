import { describe, expect, it } from 'vitest';
import { ok, type SocialItem, type TeamConversation, type TeamQueueSnapshot } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import { liveClaim } from '../../../renderer/src/social/claimSlice';
import { CLOSED_KEPT_MS } from '../../../renderer/src/social/closedInMemory';
import { withInboxKey } from '../../../renderer/src/social/inboxSortKey';
import { createSocialStore } from '../../../renderer/src/social/socialStore';
import { createTandemStore } from '../../../renderer/src/store/store';
import { step } from '../../integration/support/step';
import { freshDbName } from '../context/contextFakes';
import { createSocialHost, socialItem, storedConversation } from './socialFakes';

// Issue 14 item 4: a team desk kept one claim for every team conversation it ever heard of (each
// `team:conversation`, and the up to 5 000 rows of every reconnect's `team:getQueue`), long after the
// conversation closed and the page let it go. A claim now leaves with its conversation, unless a lease
// still runs; the ones the page holds or has open stay, whatever they say.

const DAY = 86_400_000;
const MINUTE = 60_000;
const MAYA = { id: 'maya', name: 'Maya Lopez', role: 'agent' } as const;
const ANA = { id: 'ana', name: 'Ana Ruiz' };
const TEAM = { roster: [], database: { url: 'postgresql://maya@db.example.com/tandem', hasPassword: true } };

let seq = 0;
const item = (patch: Partial<SocialItem> = {}): SocialItem => ({ ...socialItem(patch), seq: ++seq });

const row = (conversationId: string, patch: Partial<TeamConversation> = {}): TeamConversation => ({
  conversationId,
  status: 'closed',
  handler: null,
  leaseUntil: null,
  ...patch,
});

/** Maya's team desk on its own IndexedDB, with `stored` in it, a clock the story moves and a queue it sets. */
async function teamDesk(clock: { now: number }, stored: Parameters<typeof withInboxKey>[0][]) {
  const db = openTandemDb(freshDbName());
  await db.conversations.bulkPut(stored.map(withInboxKey));
  const queue: { snapshot: TeamQueueSnapshot } = { snapshot: { self: MAYA, conversations: [], viewing: [] } };
  const host = createSocialHost({
    settings: { team: TEAM, agent: { name: 'Maya Lopez', role: 'agent' } },
    answers: { 'team:getQueue': () => ok(queue.snapshot), 'team:setViewing': () => ok(null) },
  });
  const store = createTandemStore({ api: host.api, social: createSocialStore(db), now: () => clock.now });
  await store.getState().loadSettings();
  await store.getState().loadSocial();
  return { db, queue, store };
}

describe('a team desk left open, and the claims it keeps', () => {
  it('a week on, the claims of the conversations the page let go of leave with them; those open or on screen stay', async () => {
    const clock = { now: Date.UTC(2026, 11, 7, 9, 0) };
    const carla = storedConversation(1, clock.now, { status: 'closed', closedAt: clock.now, firstWaitingSince: null });
    const dora = storedConversation(2, clock.now, { status: 'closed', closedAt: clock.now, firstWaitingSince: null });
    const eve = storedConversation(3, clock.now, { status: 'open' });
    const { db, queue, store } = await teamDesk(clock, [carla, dora, eve]);

    await step('Given the team’s queue: Carla’s and Dora’s closed and free, Ana handling Eve’s for ten minutes', async () => {
      queue.snapshot = {
        self: MAYA,
        viewing: [],
        conversations: [row(carla.id), row(dora.id), row(eve.id, { status: 'open', handler: ANA, leaseUntil: clock.now + 10 * MINUTE })],
      };
      await store.getState().loadTeamQueue();
      expect(Object.keys(store.getState().claims).sort()).toEqual([carla.id, dora.id, eve.id].sort());
    });

    await step('And Maya has Dora’s conversation open on screen', () => store.getState().selectConversation(dora.id));

    await step('When eight days pass and a customer posts (the hourly pass)', async () => {
      clock.now += CLOSED_KEPT_MS + DAY;
      await store.getState().ingestSocial([item({ uri: 'at://did:plc:finn/app.bsky.feed.post/1' })]);
    });

    await step('Then Carla’s conversation has left the page, and its claim with it', () => {
      expect(store.getState().conversations.has(carla.id)).toBe(false);
      expect(store.getState().claims[carla.id]).toBeUndefined();
    });

    await step('And Dora’s (on screen) and Eve’s (open, Ana’s lease long lapsed) keep theirs', () => {
      const { claims } = store.getState();
      expect(claims[dora.id]).toMatchObject({ state: 'free' });
      expect(claims[eve.id]).toMatchObject({ state: 'other', holder: 'Ana Ruiz' });
      expect(liveClaim(claims[eve.id], clock.now)?.state).toBe('free');
    });
    db.close();
  });

  it('news of conversations the page let go of adds no claim, but a running lease is kept and shows when its conversation comes back', async () => {
    const clock = { now: Date.UTC(2026, 11, 7, 9, 0) };
    const old = Array.from({ length: 300 }, (_, i) => storedConversation(10 + i, clock.now - 30 * DAY, { status: 'closed', closedAt: clock.now - 20 * DAY }));
    const gil = old[0]!;
    const { db, queue, store } = await teamDesk(clock, old);
    const hugo = 'at://did:plc:hugo/app.bsky.feed.post/1';

    await step('Given a desk that holds none of 300 conversations closed weeks ago', () => {
      expect(store.getState().conversations.size).toBe(0);
    });

    await step('When the team changes each of them (statuses written on other desks, nobody handling them)', () => {
      for (const conversation of old) store.getState().teamConversationChanged(row(conversation.id));
    });

    await step('Then the page holds no claim for them', () => {
      expect(Object.keys(store.getState().claims)).toEqual([]);
    });

    await step(
      'When Ana claims Hugo’s, which this desk has not heard of yet, and the desk reconnects to a queue naming all 300, Gil’s claimed by Ana (she is reading it back)',
      async () => {
        const lease = { handler: ANA, leaseUntil: clock.now + 10 * MINUTE };
        store.getState().teamConversationChanged(row(hugo, { status: 'open', ...lease }));
        queue.snapshot = {
          self: MAYA,
          viewing: [],
          conversations: [row(gil.id, lease), ...old.slice(1).map((c) => row(c.id)), row(hugo, { status: 'open', ...lease })],
        };
        await store.getState().loadTeamQueue();
      },
    );

    await step('Then the page keeps only the two running leases', () => {
      expect(Object.keys(store.getState().claims).sort()).toEqual([gil.id, hugo].sort());
    });

    await step('And when Hugo posts and Maya opens Gil’s from his history, both read "Handled by Ana Ruiz"', async () => {
      await store.getState().ingestSocial([item({ uri: hugo, conversationId: hugo })]);
      await store.getState().selectConversation(gil.id);
      const { claims, conversations } = store.getState();
      expect(conversations.has(hugo) && conversations.has(gil.id)).toBe(true);
      expect(liveClaim(claims[hugo], clock.now)).toMatchObject({ state: 'other', holder: 'Ana Ruiz' });
      expect(liveClaim(claims[gil.id], clock.now)).toMatchObject({ state: 'other', holder: 'Ana Ruiz' });
    });

    await step('And once Ana’s lease lapses and Maya moves on, the next pass lets Gil’s claim go with his conversation', async () => {
      clock.now += 2 * 3_600_000;
      await store.getState().selectConversation(null);
      await store.getState().ingestSocial([item({ uri: 'at://did:plc:finn/app.bsky.feed.post/2' })]);
      expect(store.getState().conversations.has(gil.id)).toBe(false);
      expect(Object.keys(store.getState().claims)).toEqual([hugo]);
    });
    db.close();
  });
});
