import { describe, expect, it } from 'vitest';
import { ok, type TeamConversation, type TeamQueueSnapshot } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import { withInboxKey } from '../../../renderer/src/social/inboxSortKey';
import { createSocialStore, type SocialStore } from '../../../renderer/src/social/socialStore';
import { createTandemStore } from '../../../renderer/src/store/store';
import { step } from '../../integration/support/step';
import { freshDbName } from '../context/contextFakes';
import { createSocialHost, storedConversation } from './socialFakes';

// Issue 14: a team desk reads the team's queue at start and after every reconnect: up to 5 000
// conversations (QUEUE_SNAPSHOT_LIMIT). Each one was its own store update, which copied every claim
// so far and woke every subscriber: thousands of updates and millions of copied claims per reconnect,
// and one IndexedDB transaction per status. Counted, not timed.

const NOW = Date.UTC(2026, 11, 6, 9, 0);
const QUEUE = 2_000;
const MAYA = { id: 'maya', name: 'Maya Lopez', role: 'agent' } as const;
const ANA = { id: 'ana', name: 'Ana Ruiz' };
const TEAM = { roster: [], database: { url: 'postgresql://maya@db.example.com/tandem', hasPassword: true } };

describe('a team desk reads the team’s queue', () => {
  it('2 000 conversations from the team: one store update and one IndexedDB write, every claim and status right', async () => {
    const db = openTandemDb(freshDbName());
    const stored = Array.from({ length: QUEUE }, (_, i) => storedConversation(i, NOW));
    let queue: TeamQueueSnapshot = { self: MAYA, conversations: [], viewing: [] };
    const host = createSocialHost({
      settings: { team: TEAM, agent: { name: 'Maya Lopez', role: 'agent' } },
      answers: { 'team:getQueue': () => ok(queue) },
    });
    const real = createSocialStore(db);
    let statusWrites = 0;
    const social: SocialStore = {
      ...real,
      updateStatuses: (statuses, now) => {
        statusWrites += 1;
        return real.updateStatuses(statuses, now);
      },
    };
    const store = createTandemStore({ api: host.api, social, now: () => NOW });

    await step('Given Maya’s desk with 2 000 conversations, and Ben’s claim on the last one from before the reconnect', async () => {
      await db.conversations.bulkPut(stored.map(withInboxKey));
      await store.getState().loadSettings();
      await store.getState().loadSocial();
      expect(store.getState().inboxEntries.size).toBe(QUEUE);
      store.setState({ claims: { [stored[QUEUE - 1]!.id]: { state: 'other', holder: 'Ben Ito', leaseUntil: NOW + 60_000, problem: null } } });
    });

    await step('When the team says: Ana handles every other one, and every third one is closed', () => {
      queue = {
        self: MAYA,
        viewing: [],
        conversations: stored.map((c, i): TeamConversation => ({
          conversationId: c.id,
          status: i % 3 === 0 ? 'closed' : 'new',
          handler: i % 2 === 0 ? ANA : null,
          leaseUntil: i % 2 === 0 ? NOW + 600_000 : null,
        })),
      };
    });

    let updates = 0;
    const unsubscribe = store.subscribe(() => {
      updates += 1;
    });
    await step('And the desk reads the queue (a reconnect)', async () => {
      await store.getState().loadTeamQueue();
      unsubscribe();
    });

    await step('Then the store changed twice (claims, then statuses) and IndexedDB was written once', () => {
      expect(updates).toBe(2);
      expect(statusWrites).toBe(1);
    });

    await step('And every claim and status is the team’s, Ben’s claim let go', async () => {
      const { claims, inboxEntries: conversations } = store.getState();
      expect(claims[stored[0]!.id]).toMatchObject({ state: 'other', holder: 'Ana Ruiz' });
      expect(claims[stored[1]!.id]).toMatchObject({ state: 'free' });
      expect(claims[stored[QUEUE - 1]!.id]).toMatchObject({ state: 'free', holder: null });
      expect(conversations.get(stored[3]!.id)?.status).toBe('closed');
      expect(conversations.get(stored[3]!.id)?.closedAt).toBe(NOW);
      expect(conversations.get(stored[4]!.id)?.status).toBe('new');
      expect(await db.conversations.filter((c) => c.status === 'closed').count()).toBe(Math.ceil(QUEUE / 3));
    });

    await step('And a second read of the same queue writes nothing', async () => {
      await store.getState().loadTeamQueue();
      expect(statusWrites).toBe(1);
    });
    db.close();
  });
});
