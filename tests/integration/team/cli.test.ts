/**
 * `npm run team`: an administrator sets up the team database and its agents
 * from the command line. Both commands can be run again safely; every
 * failure is one line that says what to do, with no stack and no password.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/team/migrate';
import { LATEST_SCHEMA, MIGRATIONS } from '../../../main/core/team/migrations';
import { assertLoopbackOnly } from '../../peers/netns';
import { freeTcpPort, LOOPBACK } from '../../peers/ports';
import { step } from '../support/step';
import { startTeamCluster, type TeamCluster } from './support/teamCluster';

const DB = 'team_cli';

let cluster: TeamCluster;
let dir: string;
let cli: string;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the bundled CLI as `npm run team -- …` would, with the administrator's password in PGPASSWORD. */
function team(args: readonly string[], password: string = cluster.adminPassword): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: { PATH: process.env['PATH'] ?? '', PGPASSWORD: password }, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A failure as the administrator sees it: one line, no stack trace, no secret. */
function expectOneLineFailure(run: Run, code: number, says: string | RegExp): void {
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^team: /);
  expect(lines[0]).toMatch(says);
  expect(run.stderr).not.toMatch(/\n\s+at |\.ts:\d+|\.cjs:\d+/);
  expect(run.stderr).not.toContain(cluster.adminPassword);
}

const passwordIn = (stdout: string): string | undefined => /shown once.*: (\S+)$/m.exec(stdout)?.[1];

/** Logs in as the agent with the password; resolves to the login's name or the refusal's SQLSTATE. */
async function login(id: string, password: string): Promise<string> {
  const client = new pg.Client({ host: LOOPBACK, port: cluster.postgres.port, user: id, database: DB, password });
  try {
    await client.connect();
    const row = await client.query<{ who: string }>('select current_user as who');
    return row.rows[0]?.who ?? '';
  } catch (error: unknown) {
    return `refused ${String((error as { code?: unknown }).code)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function membership(id: string): Promise<string[]> {
  const rows = await cluster
    .admin(DB)
    .query<{ group: string }>(
      'select g.rolname as group from pg_auth_members m join pg_roles g on g.oid = m.roleid join pg_roles r on r.oid = m.member where r.rolname = $1 order by 1',
      [id],
    );
  return rows.rows.map((row) => row.group);
}

beforeAll(async () => {
  assertLoopbackOnly();
  dir = await mkdtemp(join(tmpdir(), 'tandem-team-cli-'));
  cli = join(dir, 'team.cjs');
  // The same entry and settings as scripts/build.mjs, without building the whole app.
  await build({
    entryPoints: ['main/cli/team.ts'],
    outfile: cli,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['pg-native'],
    alias: { '@tandem/contract': './contract/index.ts' },
    logLevel: 'warning',
  });
  cluster = await startTeamCluster();
  await cluster.createDatabase(DB);
});

afterAll(async () => {
  await cluster?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('npm run team', () => {
  it('init creates the schema, roles and policies, and run again has nothing to do', async () => {
    const first = await team(['init', '--database', cluster.url(DB)]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`schema 0 → ${LATEST_SCHEMA}`);

    const again = await team(['init', '--database', cluster.url(DB)]);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toContain(`already at schema ${LATEST_SCHEMA}, nothing to do`);
  });

  it("add-agent creates Ana's login, prints her password once, and keeps it when run again", async () => {
    const created = await step('Ana is added: the password is printed and works', async () => {
      const run = await team(['add-agent', '--database', cluster.url(DB), '--id', 'ana', '--name', 'Ana Ruiz', '--role', 'agent']);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain('agent "ana" (Ana Ruiz, agent) created');
      const password = passwordIn(run.stdout);
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(await login('ana', password ?? '')).toBe('ana');
      expect(await membership('ana')).toEqual(['tandem_agent']);
      return password ?? '';
    });

    await step('run again with a new name, the supervisor role and a SIP address: updated, no password printed, the old one still works', async () => {
      const run = await team([
        'add-agent',
        '--database',
        cluster.url(DB),
        '--id',
        'ana',
        '--name',
        'Ana Ruiz Vega',
        '--role',
        'supervisor',
        '--sip',
        'sip:1001@acme.test',
      ]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain('agent "ana" (Ana Ruiz Vega, supervisor, sip:1001@acme.test) updated');
      expect(run.stdout).toContain('password unchanged');
      expect(passwordIn(run.stdout)).toBeUndefined();
      expect(run.stdout).not.toContain(created);
      expect(await login('ana', created)).toBe('ana');
      expect(await membership('ana')).toEqual(['tandem_supervisor']);
      const row = await cluster.admin(DB).query("select name, role, sip_uri from agents where id = 'ana'");
      expect(row.rows).toEqual([{ name: 'Ana Ruiz Vega', role: 'supervisor', sip_uri: 'sip:1001@acme.test' }]);
    });

    await step('--reset-password prints a new password; the old one is refused', async () => {
      const run = await team([
        'add-agent',
        '--database',
        cluster.url(DB),
        '--id',
        'ana',
        '--name',
        'Ana Ruiz Vega',
        '--role',
        'supervisor',
        '--reset-password',
      ]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const fresh = passwordIn(run.stdout) ?? '';
      expect(fresh).not.toBe(created);
      expect(await login('ana', created)).toBe('refused 28P01');
      expect(await login('ana', fresh)).toBe('ana');
    });
  });

  it('refuses to make an agent of an existing role that is not one (the administrator)', async () => {
    const run = await team(['add-agent', '--database', cluster.url(DB), '--id', 'postgres', '--name', 'Admin', '--role', 'agent']);
    expectOneLineFailure(run, 1, /a database role named "postgres" already exists and is not a Tandem agent/);
  });

  it('says in one line what is wrong with the command line (the other cases: tests/unit/cli/teamArgs.test.ts)', async () => {
    expectOneLineFailure(await team(['init', '--database', 'mysql://root@127.0.0.1/tandem']), 2, /--database must be a postgresql:\/\/ URL/);
    expectOneLineFailure(
      await team(['add-agent', '--database', cluster.url(DB), '--id', 'ben', '--name', 'Ben Okafor']),
      2,
      /--role agent\|supervisor is required/,
    );
  });

  it('says in one line when the server cannot be reached or refuses the password, without echoing it', async () => {
    const closed = await freeTcpPort();
    expectOneLineFailure(
      await team(['init', '--database', `postgresql://postgres@${LOOPBACK}:${closed}/tandem`]),
      1,
      `cannot reach the database server at ${LOOPBACK}:${closed} (ECONNREFUSED)`,
    );
    const wrong = 'not-the-Admin-password';
    const refused = await team(['init', '--database', cluster.url(DB)], wrong);
    expectOneLineFailure(refused, 1, /refused the password for "postgres"/);
    expect(refused.stderr).not.toContain(wrong);
    expectOneLineFailure(await team(['init', '--database', cluster.url(DB)], ''), 1, /the server asks a password for "postgres": set PGPASSWORD/);
    expectOneLineFailure(await team(['init', '--database', cluster.url('no_such_db')]), 1, /database "no_such_db" does not exist/);
  });

  it('an older schema: add-agent says to run init, and init brings it forward', async () => {
    await cluster.createDatabase('team_older');
    await migrate(cluster.admin('team_older'), MIGRATIONS.slice(0, -1));
    // The step before the last, by its number: numbers may skip (they were handed out per feature).
    const older = MIGRATIONS.at(-2)?.version ?? 0;
    const addBen = ['add-agent', '--database', cluster.url('team_older'), '--id', 'ben', '--name', 'Ben Okafor', '--role', 'agent'];

    expectOneLineFailure(
      await team(addBen),
      1,
      `the team database is at schema ${older}, this Tandem needs ${LATEST_SCHEMA}: run \`npm run team -- init --database URL\` to migrate it`,
    );
    expect((await team(['init', '--database', cluster.url('team_older')])).stdout).toContain(`schema ${older} → ${LATEST_SCHEMA}`);
    expect(await team(addBen)).toMatchObject({ code: 0, stderr: '' });
  });

  it('an empty database: add-agent says to run init first', async () => {
    await cluster.createDatabase('team_empty');
    expectOneLineFailure(
      await team(['add-agent', '--database', cluster.url('team_empty'), '--id', 'ben', '--name', 'Ben', '--role', 'agent']),
      1,
      /has no Tandem schema yet: run `npm run team -- init --database URL` first/,
    );
  });

  it('a newer schema: init and add-agent say to update Tandem and change nothing', async () => {
    const db = await cluster.teamDatabase('team_newer');
    await db.query('update tandem_schema set version = $1', [LATEST_SCHEMA + 1]);
    const tooNew = `the team database is at schema ${LATEST_SCHEMA + 1}, this Tandem knows up to ${LATEST_SCHEMA}: update Tandem`;

    expectOneLineFailure(await team(['init', '--database', cluster.url('team_newer')]), 1, tooNew);
    expectOneLineFailure(await team(['add-agent', '--database', cluster.url('team_newer'), '--id', 'cleo', '--name', 'Cleo', '--role', 'agent']), 1, tooNew);
    const roles = await db.query("select 1 from pg_roles where rolname = 'cleo'");
    expect(roles.rowCount).toBe(0);
  });
});
