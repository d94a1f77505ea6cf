import type { PoolClient } from 'pg';
import { TEAM_CLAIM_ERRORS, TeamAgents, type AssignOutcome, type ClaimOutcome } from '@tandem/contract';
import { ContractFailure } from '../contract/contractFailure';
import type { Logger } from '../log/logger';
import { claimConversation, reassignConversation, releaseClaim, type ClaimResult, type ReassignResult } from './claims';

/** A session logged in as the agent (the feed's, while it is live). */
export type ClaimSession = Pick<PoolClient, 'query'>;

/** The database side (main/core/team/claims.ts), injectable so the handlers can be tested without PostgreSQL. */
export interface ClaimFunctions {
  claim(db: ClaimSession, conversationId: string): Promise<ClaimResult>;
  release(db: ClaimSession, conversationId: string): Promise<boolean>;
  reassign(db: ClaimSession, conversationId: string, agentId: string | null): Promise<ReassignResult>;
}

export const DATABASE_CLAIMS: ClaimFunctions = {
  claim: (db, id) => claimConversation(db, id),
  release: releaseClaim,
  reassign: (db, id, agentId) => reassignConversation(db, id, agentId),
};

/** What the `team:claim`, `team:release`, `team:takeOver` and `team:assign` channels do on this desk. */
export interface TeamClaims {
  claim(conversationId: string): Promise<ClaimOutcome>;
  release(conversationId: string): Promise<null>;
  takeOver(conversationId: string): Promise<ClaimOutcome>;
  /** Hands each conversation to `agentId` (a supervisor's bulk assign); the database refuses a non-supervisor, id by id. */
  assign(conversationIds: readonly string[], agentId: string): Promise<AssignOutcome>;
  /** The team's agents, by name: whom a conversation can be assigned to. */
  agents(): Promise<TeamAgents>;
}

const outcome = (result: ClaimResult): ClaimOutcome => (result.ok ? { ok: true, leaseUntil: result.leaseUntil.getTime() } : result);

/** A solo desk has no team database: every claim is answered with `team.errors.solo`, never thrown at the agent. */
export const SOLO_CLAIMS: TeamClaims = {
  claim: () => Promise.reject(new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.solo)),
  release: () => Promise.reject(new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.solo)),
  takeOver: () => Promise.reject(new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.solo)),
  assign: () => Promise.reject(new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.solo)),
  agents: () => Promise.reject(new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.solo)),
};

/**
 * Claims on a team desk. They need the database itself (a lease decided
 * anywhere else would be a guess), so without a live session, or when the
 * session fails mid-claim, the answer is `team.errors.offline` and the
 * composer says so. The database decides everything else: who may take
 * over, who holds what.
 */
export function createTeamClaims(options: {
  /** The live session, or undefined while the desk is offline or reconnecting. */
  readonly session: () => ClaimSession | undefined;
  /** The agent's team login: who a take-over hands the conversation to. */
  readonly agentId: string;
  readonly log: Logger;
  readonly functions?: ClaimFunctions;
}): TeamClaims {
  const functions = options.functions ?? DATABASE_CLAIMS;
  const withSession = async <T>(action: string, run: (db: ClaimSession) => Promise<T>): Promise<T> => {
    const db = options.session();
    if (db === undefined) throw new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.offline);
    try {
      return await run(db);
    } catch (error: unknown) {
      // The session dropped (the feed reconnects by itself) or the statement failed: either way no claim was made.
      const code = (error as { code?: unknown } | null)?.code;
      options.log.warn('team: a claim could not reach the database', { action, code: typeof code === 'string' ? code : undefined });
      throw new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.offline);
    }
  };
  return {
    claim: (conversationId) => withSession('claim', async (db) => outcome(await functions.claim(db, conversationId))),
    release: (conversationId) =>
      withSession('release', async (db) => {
        // Not ours (already expired and taken, or never claimed): nothing to give back, which is what the agent wanted.
        await functions.release(db, conversationId);
        return null;
      }),
    takeOver: (conversationId) =>
      withSession('takeOver', async (db) => {
        const moved = await functions.reassign(db, conversationId, options.agentId);
        // Taken over or refused (not a supervisor), the claim says where it stands: ours with a lease, or who holds it.
        if (!moved.ok) options.log.info('team: a take-over was refused by the database');
        return outcome(await functions.claim(db, conversationId));
      }),
    assign: (conversationIds, agentId) =>
      withSession('assign', async (db) => {
        const assigned: string[] = [];
        const refused: string[] = [];
        // One statement each, in order: the database decides every one (a refusal is not an error for the rest).
        for (const conversationId of new Set(conversationIds)) {
          const moved = await functions.reassign(db, conversationId, agentId).catch((error: unknown) => {
            // An agent the team does not have (23503): refused like a non-supervisor, not a lost connection.
            if ((error as { code?: unknown } | null)?.code === '23503') return { ok: false } as const;
            throw error;
          });
          (moved.ok ? assigned : refused).push(conversationId);
        }
        if (refused.length > 0) options.log.info('team: the database refused some assignments', { refused: refused.length });
        return { assigned, refused };
      }),
    agents: () =>
      withSession('agents', async (db) => {
        const { rows } = await db.query('select id, name from agents order by name, id limit 5000');
        return TeamAgents.parse({ agents: rows });
      }),
  };
}
