import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JoinBatch } from '@tandem/contract';
import { silentLogger } from '../../../main/core/log/logger';
import { createTeamJoin, SOLO_JOIN, type JoinSession } from '../../../main/core/team/teamJoin';

/** A session that records its statements and fails when told to (no PostgreSQL: the SQL itself is tested in tests/integration/team/firstJoin.test.ts). */
function fakeSession(failOn?: RegExp): JoinSession & { statements: string[]; ended: boolean } {
  const session = {
    statements: [] as string[],
    ended: false,
    query(text: string) {
      session.statements.push(text);
      if (failOn?.test(text) === true) return Promise.reject(Object.assign(new Error('connection lost'), { code: '57P01' }));
      return Promise.resolve({ rows: [], rowCount: 0 });
    },
    end() {
      session.ended = true;
      return Promise.resolve();
    },
  };
  return session as unknown as JoinSession & { statements: string[]; ended: boolean };
}

describe('where a desk stands with its team, kept in team/join.json', () => {
  it('is remembered per team database: the same desk moved to another team is asked again', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'tandem-join-')), 'team', 'join.json');
    const connect = () => Promise.resolve(fakeSession());
    const first = createTeamJoin({ database: 'db-a', file, connect, log: silentLogger });
    expect(await first.state()).toBe('unasked');
    await first.setState('done');
    expect(await createTeamJoin({ database: 'db-a', file, connect, log: silentLogger }).state()).toBe('done');
    expect(await createTeamJoin({ database: 'db-b', file, connect, log: silentLogger }).state()).toBe('unasked');
  });

  it('a batch cut off by the database is rolled back and answered "offline"; the next batch opens a new session', async () => {
    const sessions = [fakeSession(/^select pg_advisory_xact_lock/), fakeSession()];
    const teamJoin = createTeamJoin({ database: 'db', file: undefined, connect: () => Promise.resolve(sessions.shift()!), log: silentLogger });
    const batch: JoinBatch = { phase: 'history', notes: [], calls: [] };
    await expect(teamJoin.move(batch)).rejects.toMatchObject({ code: 'unavailable', messageKey: 'teamJoin.errors.offline' });
    expect(await teamJoin.move(batch)).toEqual({ phase: 'history', notes: 0, calls: 0, refused: [] });
  });

  it('the move session is closed once the agent is done', async () => {
    const session = fakeSession();
    const teamJoin = createTeamJoin({ database: 'db', file: undefined, connect: () => Promise.resolve(session), log: silentLogger });
    await teamJoin.move({ phase: 'customers', customers: [] });
    expect(session.statements).toEqual(['begin', "select pg_advisory_xact_lock(hashtext('tandem:join'))", 'commit']);
    await teamJoin.setState('done');
    expect(session.ended).toBe(true);
  });

  it('a solo desk has nothing to join', async () => {
    expect(await SOLO_JOIN.state()).toBe('solo');
    await expect(SOLO_JOIN.move({ phase: 'customers', customers: [] })).rejects.toMatchObject({ messageKey: 'teamJoin.errors.solo' });
  });
});
