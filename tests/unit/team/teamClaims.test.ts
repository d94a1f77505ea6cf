import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../main/core/contract/dispatcher';
import { silentLogger } from '../../../main/core/log/logger';
import { withSoloDesk } from './soloDesk';
import { createTeamClaims, type ClaimFunctions, type ClaimSession, type TeamClaims } from '../../../main/core/team/teamClaims';

const LEASE = new Date('2026-12-03T20:10:00Z');
/** Stands for the feed's live session: the fake claim functions never query it. */
const SESSION = { query: () => Promise.reject(new Error('the fake claims never query')) } as unknown as ClaimSession;

/** The three claim channels as createCore wires them, in front of `claims`, behind the real dispatcher. */
function dispatcherFor(claims: TeamClaims) {
  const handlers = {
    'team:claim': ({ conversationId }: { conversationId: string }) => claims.claim(conversationId),
    'team:release': ({ conversationId }: { conversationId: string }) => claims.release(conversationId),
    'team:takeOver': ({ conversationId }: { conversationId: string }) => claims.takeOver(conversationId),
  } as unknown as Handlers;
  return createDispatcher(handlers, silentLogger);
}

/** Claim functions that answer from a script and record what they were asked. */
function fakeFunctions(script: Partial<ClaimFunctions>): ClaimFunctions & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    claim: (db, id) => (calls.push(`claim ${id}`), script.claim?.(db, id) ?? Promise.resolve({ ok: true, leaseUntil: LEASE })),
    release: (db, id) => (calls.push(`release ${id}`), script.release?.(db, id) ?? Promise.resolve(true)),
    reassign: (db, id, agent) => (calls.push(`reassign ${id} ${agent}`), script.reassign?.(db, id, agent) ?? Promise.resolve({ ok: true })),
  };
}

const teamClaims = (functions: ClaimFunctions, live = true) =>
  createTeamClaims({ session: () => (live ? SESSION : undefined), agentId: 'ben', log: silentLogger, functions });

describe('the team:claim, team:release and team:takeOver handlers', () => {
  it('a won claim answers its lease as epoch milliseconds', async () => {
    const dispatch = dispatcherFor(teamClaims(fakeFunctions({})));
    expect(await dispatch('team:claim', { conversationId: 'complaint-1' })).toEqual({ ok: true, value: { ok: true, leaseUntil: LEASE.getTime() } });
  });

  it('a claim the database refuses names who holds the conversation', async () => {
    const functions = fakeFunctions({ claim: () => Promise.resolve({ ok: false, heldBy: { id: 'ana', name: 'Ana Ruiz' } }) });
    const dispatch = dispatcherFor(teamClaims(functions));
    expect(await dispatch('team:claim', { conversationId: 'complaint-1' })).toEqual({
      ok: true,
      value: { ok: false, heldBy: { id: 'ana', name: 'Ana Ruiz' } },
    });
  });

  it('offline (no live session) answers team.errors.offline and asks the database nothing', async () => {
    const functions = fakeFunctions({});
    const dispatch = dispatcherFor(teamClaims(functions, false));
    for (const channel of ['team:claim', 'team:release', 'team:takeOver'] as const) {
      expect(await dispatch(channel, { conversationId: 'complaint-1' })).toEqual({
        ok: false,
        error: { code: 'unavailable', messageKey: 'team.errors.offline' },
      });
    }
    expect(functions.calls).toEqual([]);
  });

  it('a session that drops mid-claim answers team.errors.offline instead of an internal error', async () => {
    const dropped = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    const dispatch = dispatcherFor(teamClaims(fakeFunctions({ claim: () => Promise.reject(dropped) })));
    expect(await dispatch('team:claim', { conversationId: 'complaint-1' })).toEqual({
      ok: false,
      error: { code: 'unavailable', messageKey: 'team.errors.offline' },
    });
  });

  it('a take-over hands the conversation to this agent, then answers its lease', async () => {
    const functions = fakeFunctions({});
    const dispatch = dispatcherFor(teamClaims(functions));
    expect(await dispatch('team:takeOver', { conversationId: 'complaint-1' })).toEqual({ ok: true, value: { ok: true, leaseUntil: LEASE.getTime() } });
    expect(functions.calls).toEqual(['reassign complaint-1 ben', 'claim complaint-1']);
  });

  it('a take-over the database refuses (not a supervisor) names the holder', async () => {
    const functions = fakeFunctions({
      reassign: () => Promise.resolve({ ok: false, reason: 'refused' }),
      claim: () => Promise.resolve({ ok: false, heldBy: { id: 'ana', name: 'Ana Ruiz' } }),
    });
    const dispatch = dispatcherFor(teamClaims(functions));
    expect(await dispatch('team:takeOver', { conversationId: 'complaint-1' })).toEqual({
      ok: true,
      value: { ok: false, heldBy: { id: 'ana', name: 'Ana Ruiz' } },
    });
  });

  it('release answers null whether or not the claim was still ours', async () => {
    const dispatch = dispatcherFor(teamClaims(fakeFunctions({ release: () => Promise.resolve(false) })));
    expect(await dispatch('team:release', { conversationId: 'complaint-1' })).toEqual({ ok: true, value: null });
  });

  it('an empty conversation id is refused by the schema before any handler runs', async () => {
    const functions = fakeFunctions({});
    expect(await dispatcherFor(teamClaims(functions))('team:claim', { conversationId: '' })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(functions.calls).toEqual([]);
  });

  it('a solo desk answers every claim channel with team.errors.solo', async () => {
    await withSoloDesk(async (core) => {
      for (const channel of ['team:claim', 'team:release', 'team:takeOver'] as const) {
        expect(await core.dispatch(channel, { conversationId: 'complaint-1' })).toEqual({
          ok: false,
          error: { code: 'unavailable', messageKey: 'team.errors.solo' },
        });
      }
    });
  });
});
