import type { ClientConfig, Pool } from 'pg';
import type { Logger } from '../log/logger';

/** What availability and the board need: a session to query on (a fake in unit tests). */
export interface TeamSessions {
  pool(): Promise<Pick<Pool, 'query'>>;
}

/**
 * A small pool of the agent's own sessions for availability and the board
 * (the change feed's session is busy with LISTEN). The config is read again
 * whenever the pool is rebuilt, so a password typed later applies.
 */
export class TeamPool implements TeamSessions {
  #pool: Pool | undefined;

  constructor(
    private readonly config: () => Promise<ClientConfig>,
    private readonly log: Logger,
  ) {}

  async pool(): Promise<Pool> {
    if (this.#pool !== undefined) return this.#pool;
    const { Pool: PgPool } = await import('pg');
    const pool = new PgPool({ ...(await this.config()), max: 2, idleTimeoutMillis: 30_000 });
    // An idle session dropped by the server must not take main down.
    pool.on('error', (error) => this.log.warn('supervisor: a team session dropped', { error: error.message }));
    this.#pool = pool;
    return pool;
  }

  /** After a refusal of the login (a changed password): the next use builds a new pool. */
  async reset(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.reset();
  }
}
