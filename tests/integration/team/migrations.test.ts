/**
 * The team schema is created from nothing, brought forward from the previous
 * version with its data kept, applied once when two administrators run it
 * at the same moment, and refused by a build older than the database.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readSchemaVersion, requireCurrentSchema, SchemaTooNewError, SchemaTooOldError } from '../../../main/core/team/migrate';
import { LATEST_SCHEMA, MIGRATIONS } from '../../../main/core/team/migrations';
import { assertLoopbackOnly } from '../../peers/netns';
import { step } from '../support/step';
import { startTeamCluster, type TeamCluster } from './support/teamCluster';

let cluster: TeamCluster;

beforeAll(async () => {
  assertLoopbackOnly();
  cluster = await startTeamCluster();
});

afterAll(async () => {
  await cluster?.close();
});

async function tables(database: string): Promise<string[]> {
  const result = await cluster.admin(database).query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public' order by 1");
  return result.rows.map((row) => row.name);
}

/** Whether a database has a step's new columns says which side of that step it is on. */
async function columnsOf(db: Pick<pg.Pool, 'query'>, table: string): Promise<string[]> {
  const result = await db.query<{ name: string }>('select column_name as name from information_schema.columns where table_name = $1 order by 1', [table]);
  return result.rows.map((row) => row.name);
}

async function indexes(database: string): Promise<string[]> {
  const result = await cluster.admin(database).query<{ name: string }>("select indexname as name from pg_indexes where schemaname = 'public' order by 1");
  return result.rows.map((row) => row.name);
}

describe('Team schema migrations', () => {
  it('An administrator initialises an empty database: every table, the change feed and the policies are there, at the latest schema', async () => {
    await cluster.createDatabase('fresh');
    const db = cluster.admin('fresh');

    const report = await migrate(db);
    expect(report).toMatchObject({ from: 0, to: LATEST_SCHEMA });
    expect(report.applied.map((step) => step.version)).toEqual(MIGRATIONS.map((step) => step.version));

    expect(await tables('fresh')).toEqual(
      [
        'agent_state_history',
        'agent_states',
        'agent_viewing',
        'agents',
        'conversations',
        'customers',
        'identities',
        'ingest_cursor',
        'interactions',
        'notes',
        'social_items',
        'social_outbox',
        'tandem_schema',
        'team_changes',
      ].sort(),
    );
    const secured = await db.query<{ name: string }>(
      "select relname as name from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' and relrowsecurity and relforcerowsecurity",
    );
    expect(secured.rows.map((row) => row.name).sort()).toEqual(await tables('fresh'));
    const roles = await db.query<{ rolname: string; rolcanlogin: boolean }>(
      "select rolname, rolcanlogin from pg_roles where rolname like 'tandem\\_%' order by 1",
    );
    expect(roles.rows).toEqual([
      { rolname: 'tandem_agent', rolcanlogin: false },
      { rolname: 'tandem_supervisor', rolcanlogin: false },
    ]);
    expect(await readSchemaVersion(db)).toBe(LATEST_SCHEMA);
  });

  it('Run again, the migration has nothing to do and the database is unchanged', async () => {
    const before = await indexes('fresh');
    const report = await migrate(cluster.admin('fresh'));
    expect(report).toEqual({ from: LATEST_SCHEMA, to: LATEST_SCHEMA, applied: [] });
    expect(await indexes('fresh')).toEqual(before);
  });

  it('A database at the last released version (schema 5) is brought forward through every newer step and keeps its rows', async () => {
    // Schema 5 is what the last release's desks run; the steps after it (6 claims' evidence, 7 important
    // notes, 8 agent availability) arrive together. By number, not by count: numbers may skip.
    const RELEASED = 5;
    const previous = MIGRATIONS.filter((migration) => migration.version <= RELEASED);
    const previousVersion = previous.at(-1)?.version ?? 0;
    const db = await cluster.teamDatabase('previous', previous);

    await step('at the released version, none of the newer steps is applied', async () => {
      expect(await readSchemaVersion(db)).toBe(previousVersion);
      await expect(requireCurrentSchema(db)).rejects.toThrow(SchemaTooOldError);
      expect(await columnsOf(db, 'identities')).not.toContain('claim_handle');
      expect(await columnsOf(db, 'notes')).not.toContain('important');
      expect(await columnsOf(db, 'agent_states')).not.toContain('alive_until');
    });
    await step('a customer, a note and a claimed link (without its evidence, as that version kept it) are written at that version', async () => {
      await db.query("insert into customers (id, name) values ('c1', 'Carla Ruiz')");
      await db.query("insert into notes (id, customer_id, text) values ('n1', 'c1', 'Prefers email')");
      await db.query(
        "insert into identities (id, customer_id, kind, value, status) values ('c1|bluesky|carla.test', 'c1', 'bluesky', 'carla.test', 'claimed')",
      );
      await db.query("insert into ingest_cursor (account_id, cursor) values ('bluesky:acme.test', '42')");
    });
    await step('migrating applies exactly the newer steps, in order', async () => {
      const report = await migrate(db);
      expect(report.from).toBe(previousVersion);
      expect(report.applied.map((step) => step.version)).toEqual(
        MIGRATIONS.filter((migration) => migration.version > RELEASED).map((migration) => migration.version),
      );
      await requireCurrentSchema(db);
      expect(await columnsOf(db, 'identities')).toEqual(expect.arrayContaining(['claim_handle', 'claim_did', 'claim_phone', 'claim_evidence_uri', 'claim_at']));
      expect(await columnsOf(db, 'notes')).toContain('important');
      expect(await columnsOf(db, 'agent_states')).toContain('alive_until');
    });
    await step('the rows written before are still there', async () => {
      const notes = await db.query('select n.text, c.name from notes n join customers c on c.id = n.customer_id');
      expect(notes.rows).toEqual([{ text: 'Prefers email', name: 'Carla Ruiz' }]);
      const links = await db.query('select status, claim_handle from identities');
      expect(links.rows).toEqual([{ status: 'claimed', claim_handle: null }]);
      // The firehose cursor an ingester stored before messages were shared is the firehose stream's.
      const cursors = await db.query('select account_id, stream, cursor from ingest_cursor');
      expect(cursors.rows).toEqual([{ account_id: 'bluesky:acme.test', stream: 'firehose', cursor: '42' }]);
    });
  });

  it('Two administrators initialise the same empty database at once: each step is applied exactly once', async () => {
    await cluster.createDatabase('raced');
    const db = cluster.admin('raced');
    const holder = await db.connect();
    try {
      const both = await step('both administrators start while the migration lock is held, and wait for it', async () => {
        await holder.query('begin');
        await holder.query("select pg_advisory_xact_lock(hashtext('tandem:migrate'))");
        const started = Promise.all([migrate(db), migrate(db)]);
        await expect
          .poll(
            async () => (await holder.query<{ n: number }>("select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted")).rows[0],
            {
              timeout: 10_000,
              interval: 20,
            },
          )
          .toEqual({ n: 2 });
        await holder.query('commit');
        return started;
      });
      await step('the steps were applied once between them, and the version row is single', async () => {
        expect([...both[0].applied, ...both[1].applied].map((applied) => applied.version).sort((a, b) => a - b)).toEqual(
          MIGRATIONS.map((applied) => applied.version),
        );
        const rows = await db.query('select version from tandem_schema');
        expect(rows.rows).toEqual([{ version: LATEST_SCHEMA }]);
      });
    } finally {
      holder.release();
    }
  });

  it('A database migrated by a newer Tandem is refused before anything is written', async () => {
    const db = await cluster.teamDatabase('newer');
    await db.query('update tandem_schema set version = $1', [LATEST_SCHEMA + 5]);
    const before = await indexes('newer');

    const refusal = migrate(db);
    await expect(refusal).rejects.toThrow(SchemaTooNewError);
    await expect(refusal).rejects.toThrow(`the team database is at schema ${LATEST_SCHEMA + 5}, this Tandem knows up to ${LATEST_SCHEMA}: update Tandem`);
    await expect(requireCurrentSchema(db)).rejects.toThrow(SchemaTooNewError);
    expect(await indexes('newer')).toEqual(before);
    expect(await readSchemaVersion(db)).toBe(LATEST_SCHEMA + 5);
  });
});
