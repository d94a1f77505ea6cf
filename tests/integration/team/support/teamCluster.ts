/**
 * A throwaway PostgreSQL for the team database's tests: SCRAM passwords over
 * TCP (so a login's password is really checked), one database per story,
 * pools that are all closed with the cluster.
 */
import pg from 'pg';
import { addAgent, type AgentRole } from '../../../../main/core/team/agentLogins';
import { migrate } from '../../../../main/core/team/migrate';
import type { Migration } from '../../../../main/core/team/migrations';
import { LOOPBACK } from '../../../peers/ports';
import { startPostgres, type Postgres, type PostgresOptions } from '../../../peers/postgres';

export interface AgentLogin {
  readonly id: string;
  readonly password: string;
}

export interface TeamCluster {
  readonly postgres: Postgres;
  readonly adminPassword: string;
  /** postgresql://USER@127.0.0.1:PORT/DATABASE (no password in it). */
  url(database: string, user?: string): string;
  /** A new, empty database. */
  createDatabase(name: string): Promise<void>;
  /** The administrator's pool on a database (the superuser). */
  admin(database: string): pg.Pool;
  /** A database migrated by this build (or up to `steps`). */
  teamDatabase(name: string, steps?: readonly Migration[]): Promise<pg.Pool>;
  /** Creates the agent's login through the administration code and returns its password. */
  addAgent(database: string, id: string, name: string, role: AgentRole): Promise<AgentLogin>;
  /** A pool logged in as the agent. */
  as(database: string, login: AgentLogin, max?: number): pg.Pool;
  close(): Promise<void>;
}

export async function startTeamCluster(options: Omit<PostgresOptions, 'superuserPassword'> = {}): Promise<TeamCluster> {
  const adminPassword = 'admin-secret-Zq7';
  const postgres = await startPostgres({ ...options, superuserPassword: adminPassword });
  const pools: pg.Pool[] = [];
  const admins = new Map<string, pg.Pool>();
  const url = (database: string, user = 'postgres') => `postgresql://${user}@${LOOPBACK}:${postgres.port}/${database}`;
  const track = (pool: pg.Pool) => {
    // A pool's idle connection dropped by a test (or the server) must not crash the run.
    pool.on('error', () => undefined);
    pools.push(pool);
    return pool;
  };
  const admin = (database: string) => {
    const known = admins.get(database);
    if (known !== undefined) return known;
    const pool = track(new pg.Pool({ host: LOOPBACK, port: postgres.port, user: 'postgres', database, password: adminPassword, max: 4 }));
    admins.set(database, pool);
    return pool;
  };
  const createDatabase = async (name: string) => {
    await admin('postgres').query(`create database ${pg.escapeIdentifier(name)}`);
  };
  return {
    postgres,
    adminPassword,
    url,
    createDatabase,
    admin,
    async teamDatabase(name, steps) {
      await createDatabase(name);
      await migrate(admin(name), steps);
      return admin(name);
    },
    async addAgent(database, id, name, role) {
      const client = await admin(database).connect();
      try {
        const outcome = await addAgent(client, { id, name, role, sipUri: null, resetPassword: true });
        if (outcome.password === null) throw new Error(`no password for ${id}`);
        return { id, password: outcome.password };
      } finally {
        client.release();
      }
    },
    as: (database, login, max = 2) => track(new pg.Pool({ host: LOOPBACK, port: postgres.port, user: login.id, database, password: login.password, max })),
    async close() {
      await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
      await postgres.close();
    },
  };
}
