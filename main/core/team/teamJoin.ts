import type { ClientConfig } from 'pg';
import * as z from 'zod';
import { TEAM_JOIN_ERRORS, type JoinBatch, type JoinBatchOutcome, type SetTeamJoinState, type TeamJoinState } from '@tandem/contract';
import { ContractFailure } from '../contract/contractFailure';
import type { Logger } from '../log/logger';
import { StateFile } from '../storage/stateFile';
import { moveBatch, type MoveSession } from './historyMove';

/**
 * The first-join channels (`team:getJoinState`, `team:setJoinState`,
 * `team:moveHistory`, contract/teamJoin.ts) on a team desk.
 *
 * Where the desk stands is kept in `team/join.json`, for one team database
 * (host, port, database, login): a desk moved to another team is asked again.
 * The move runs on a session of its own, opened on the first batch and closed
 * when the agent is done: a batch is one transaction, and the feed's session
 * must never find itself inside someone else's.
 */
export interface TeamJoin {
  state(): Promise<TeamJoinState>;
  setState(state: SetTeamJoinState['state']): Promise<TeamJoinState>;
  move(batch: JoinBatch): Promise<JoinBatchOutcome>;
  dispose(): Promise<void>;
}

/** A session of the move's own; `end` closes it. */
export type JoinSession = MoveSession & { end(): Promise<void> };

const JoinFile = z.object({ database: z.string(), state: z.enum(['moving', 'done', 'declined']), at: z.number() });
type JoinFile = z.infer<typeof JoinFile>;

const SOLO: TeamJoin = {
  state: () => Promise.resolve('solo'),
  setState: () => Promise.reject(new ContractFailure('unavailable', TEAM_JOIN_ERRORS.solo)),
  move: () => Promise.reject(new ContractFailure('unavailable', TEAM_JOIN_ERRORS.solo)),
  dispose: () => Promise.resolve(),
};
export const SOLO_JOIN = SOLO;

/** Opens a plain pg session with the desk's settings (pg loaded only here: a solo desk never evaluates it). */
export function pgJoinSession(config: () => Promise<ClientConfig>): () => Promise<JoinSession> {
  return async () => {
    const { default: pg } = await import('pg');
    const client = new pg.Client(await config());
    // A dropped session surfaces on the next query; an unhandled 'error' event must not take main down.
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
}

export function createTeamJoin(options: {
  /** One string naming the team database and login (the secret store's canonical identity). */
  readonly database: string;
  readonly file: string | undefined;
  readonly connect: () => Promise<JoinSession>;
  readonly log: Logger;
  readonly now?: () => number;
}): TeamJoin {
  const store = new StateFile<JoinFile>(options.file);
  const now = options.now ?? Date.now;
  let session: Promise<JoinSession> | undefined;
  const closeSession = async () => {
    const open = session;
    session = undefined;
    if (open !== undefined) await (await open.catch(() => undefined))?.end().catch(() => undefined);
  };
  const read = async (): Promise<TeamJoinState> => {
    const parsed = JoinFile.safeParse(await store.read().catch(() => undefined));
    return parsed.success && parsed.data.database === options.database ? parsed.data.state : 'unasked';
  };
  return {
    state: read,
    async setState(state) {
      await store.write({ database: options.database, state, at: now() });
      if (state !== 'moving') await closeSession();
      return state;
    },
    async move(batch) {
      session ??= options.connect();
      try {
        return await moveBatch(await session, batch);
      } catch (error: unknown) {
        // Unreachable, or dropped mid-batch (rolled back): the renderer retries later and the batch repeats harmlessly.
        const code = (error as { code?: unknown } | null)?.code;
        options.log.warn('team: a history batch could not be moved', { phase: batch.phase, code: typeof code === 'string' ? code : undefined });
        await closeSession();
        throw new ContractFailure('unavailable', TEAM_JOIN_ERRORS.offline);
      }
    },
    dispose: closeSession,
  };
}
