import type { Pool, PoolClient } from 'pg';
import { LATEST_SCHEMA, MIGRATIONS, type Migration } from './migrations';

/**
 * Bringing a team database to the schema this build knows, and checking
 * that a database is usable by it.
 *
 * Every step runs in its own transaction under one advisory lock, so two
 * administrators (or two desks' tests) migrating at once apply each step
 * once; the version is read again under the lock. A database whose schema
 * is newer than this build is refused before anything is written: an old
 * Tandem must not run against tables whose rules it does not know.
 */

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`the team database is at schema ${found}, this Tandem knows up to ${known}: update Tandem`);
    this.name = 'SchemaTooNewError';
  }
}

export class SchemaTooOldError extends Error {
  constructor(
    readonly found: number,
    readonly needed: number,
  ) {
    super(
      found === 0
        ? 'the team database has no Tandem schema yet: run `npm run team -- init --database URL` first'
        : `the team database is at schema ${found}, this Tandem needs ${needed}: run \`npm run team -- init --database URL\` to migrate it`,
    );
    this.name = 'SchemaTooOldError';
  }
}

export interface MigrationReport {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly Migration[];
}

type Queryable = Pick<PoolClient, 'query'>;

/** The database's schema version; 0 when no Tandem schema is there. */
export async function readSchemaVersion(db: Queryable): Promise<number> {
  // Read from pg_class rather than to_regclass(): inside a transaction that waited for the migration lock,
  // to_regclass() can answer from this session's cache, which does not know yet the table another session just created.
  const table = await db.query<{ found: boolean }>(
    "select exists (select from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'tandem_schema') as found",
  );
  if (table.rows[0]?.found !== true) return 0;
  const row = await db.query<{ version: number }>('select version from public.tandem_schema');
  return row.rows[0]?.version ?? 0;
}

/** Throws unless the database is exactly at the schema this build knows. */
export async function requireCurrentSchema(db: Queryable, known = LATEST_SCHEMA): Promise<void> {
  const found = await readSchemaVersion(db);
  if (found > known) throw new SchemaTooNewError(found, known);
  if (found < known) throw new SchemaTooOldError(found, known);
}

const MIGRATE_LOCK = "select pg_advisory_xact_lock(hashtext('tandem:migrate'))";

/** Applies one step unless the database already has it; says whether it did. */
async function applyStep(client: PoolClient, step: Migration, known: number): Promise<boolean> {
  await client.query('begin');
  try {
    await client.query(MIGRATE_LOCK);
    const found = await readSchemaVersion(client);
    if (found > known) throw new SchemaTooNewError(found, known);
    if (found >= step.version) {
      await client.query('rollback');
      return false;
    }
    await client.query(step.sql);
    await client.query('delete from public.tandem_schema');
    await client.query('insert into public.tandem_schema (version) values ($1)', [step.version]);
    await client.query('commit');
    return true;
  } catch (error: unknown) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

/**
 * Migrates the database to the newest step in `steps` (all of this build's by
 * default; tests pass a prefix to stop at an older version).
 */
export async function migrate(pool: Pick<Pool, 'connect'>, steps: readonly Migration[] = MIGRATIONS): Promise<MigrationReport> {
  const known = steps.at(-1)?.version ?? 0;
  const client = await pool.connect();
  try {
    const from = await readSchemaVersion(client);
    if (from > known) throw new SchemaTooNewError(from, known);
    const applied: Migration[] = [];
    for (const step of steps) {
      if (step.version > from && (await applyStep(client, step, known))) applied.push(step);
    }
    return { from, to: await readSchemaVersion(client), applied };
  } finally {
    client.release();
  }
}
