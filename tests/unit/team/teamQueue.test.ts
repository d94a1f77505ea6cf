import { describe, expect, it } from 'vitest';
import type { EventName } from '@tandem/contract';
import { ContractFailure } from '../../../main/core/contract/contractFailure';
import { silentLogger } from '../../../main/core/log/logger';
import type { ClaimSession } from '../../../main/core/team/teamClaims';
import type { TeamChange, TeamFeedStatus } from '../../../main/core/team/teamFeed';
import { createTeamQueue, type QueueFeed } from '../../../main/core/team/teamQueue';

/** A feed whose session answers every SELECT with `rows` for its table and records the statements. */
function fakeFeed() {
  const changes = new Set<(change: TeamChange) => void>();
  const statuses = new Set<(status: TeamFeedStatus) => void>();
  const statements: { sql: string; params: unknown[] }[] = [];
  let live = false;
  const session = {
    query: (sql: string, params: unknown[] = []) => {
      statements.push({ sql, params });
      if (sql.includes('from conversations')) {
        const ids = params[0] as string[];
        return Promise.resolve({ rows: ids.map((id) => ({ id, status: 'open', handler: 'ana', handler_name: 'Ana Ruiz', lease_until: new Date(1_000_000) })) });
      }
      if (sql.includes('from agent_viewing')) return Promise.resolve({ rows: [] });
      return Promise.resolve({ rows: [] });
    },
  } as unknown as ClaimSession;
  const feed: QueueFeed = {
    onChange: (listener) => (changes.add(listener), () => changes.delete(listener)),
    onStatus: (listener) => (statuses.add(listener), () => statuses.delete(listener)),
    liveSession: () => (live ? session : undefined),
  };
  return {
    feed,
    statements,
    change: (table: string, id: string, seq: number) => changes.forEach((listener) => listener({ table, id, seq })),
    goLive: () => {
      live = true;
      statuses.forEach((listener) => listener({ state: 'live', pendingChanges: 0, lastSeq: 0, settledSeq: 0, refusedWrites: 0 }));
    },
  };
}

function recorder() {
  const heard: { event: EventName; payload: unknown }[] = [];
  return { heard, events: { emit: (event: EventName, payload: unknown) => void heard.push({ event, payload }) } };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the team queue in main', () => {
  it('changes heard while catching up are read once the session is live, in one query, and announced with the holder', async () => {
    const fake = fakeFeed();
    const { heard, events } = recorder();
    createTeamQueue({ feed: fake.feed, events, agentId: 'ben', log: silentLogger });

    fake.change('conversations', 'c1', 1);
    fake.change('conversations', 'c1', 2);
    fake.change('conversations', 'c2', 3);
    await settle();
    expect(fake.statements).toEqual([]);

    fake.goLive();
    await settle();
    expect(fake.statements).toHaveLength(1);
    expect(fake.statements[0]?.params[0]).toEqual(['c1', 'c2']);
    expect(heard).toEqual([
      { event: 'team:conversation', payload: { conversationId: 'c1', status: 'open', handler: { id: 'ana', name: 'Ana Ruiz' }, leaseUntil: 1_000_000 } },
      { event: 'team:conversation', payload: { conversationId: 'c2', status: 'open', handler: { id: 'ana', name: 'Ana Ruiz' }, leaseUntil: 1_000_000 } },
    ]);
  });

  it("the agent's own viewing row is never read nor announced; another agent's is, even when it is gone", async () => {
    const fake = fakeFeed();
    const { heard, events } = recorder();
    createTeamQueue({ feed: fake.feed, events, agentId: 'ben', log: silentLogger });
    fake.goLive();
    fake.change('agent_viewing', 'ben', 1);
    await settle();
    expect(fake.statements).toEqual([]);

    fake.change('agent_viewing', 'ana', 2);
    await settle();
    expect(heard).toEqual([{ event: 'team:viewing', payload: { viewer: { id: 'ana', name: 'ana' }, conversationId: null, until: null } }]);
  });

  it('tables the queue does not show are ignored', async () => {
    const fake = fakeFeed();
    const { heard, events } = recorder();
    createTeamQueue({ feed: fake.feed, events, agentId: 'ben', log: silentLogger });
    fake.goLive();
    fake.change('notes', 'n1', 1);
    await settle();
    expect(fake.statements).toEqual([]);
    expect(heard).toEqual([]);
  });

  it('without a live session, a snapshot, a viewing row or a status answers "claims need the team database"', async () => {
    const fake = fakeFeed();
    const queue = createTeamQueue({ feed: fake.feed, events: recorder().events, agentId: 'ben', log: silentLogger });
    const offline = new ContractFailure('unavailable', 'team.errors.offline');
    await expect(queue.snapshot()).rejects.toEqual(offline);
    await expect(queue.setViewing('c1')).rejects.toEqual(offline);
    await expect(queue.setStatus('c1', 'closed')).rejects.toEqual(offline);
  });
});
