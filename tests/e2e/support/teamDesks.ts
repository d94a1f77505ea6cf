/**
 * The team's end-to-end world: one throwaway PostgreSQL set up the way an
 * administrator does it (`team init`, then `team add-agent` for each agent,
 * through the built CLI `out/main/team.cjs`), and any number of desks, each a
 * real browser host with its own profile, data folder and browser context,
 * logged in to the database as its own agent. Every desk reaches PostgreSQL
 * through its own TCP relay (tests/peers/tcpProxy.ts), so a story can cut one
 * desk's connection while the others keep theirs.
 *
 *   const team = await startTeamDatabase();
 *   const ana = await openTeamDesk(browser, team, { id: 'ana', name: 'Ana Ruiz', profile: { sip: …, social: [...] } });
 *   const ben = await openTeamDesk(browser, team, { id: 'ben', name: 'Ben Okafor' });
 *   ben.proxy.cut(); … ben.proxy.restore();
 *   await closeTeamDesks([ana, ben]); await team.close();
 *
 * `profile` is the rest of the desk's profile (sip, social, …): `agent` and
 * `team.database` are filled in here. Run inside a loopback-only namespace,
 * after `npm run build`.
 */
import { execFile } from 'node:child_process';
import type { Browser, Locator, Page } from '@playwright/test';
import pg from 'pg';
import { LOOPBACK } from '../../peers/ports';
import { startPostgres, type Postgres } from '../../peers/postgres';
import { startTcpProxy, type TcpProxy } from '../../peers/tcpProxy';
import { expect, startHost, type TandemHost } from '../fixtures';

const DATABASE = 'tandem';
const ADMIN_PASSWORD = 'e2e-admin-Vx3';
const CLI = 'out/main/team.cjs';

export type TeamRole = 'agent' | 'supervisor';

export interface TeamDatabase {
  readonly postgres: Postgres;
  /** postgresql://USER@127.0.0.1:PORT/tandem, straight to the server (no relay, no password). */
  url(user?: string): string;
  /** `team add-agent`: creates the login and returns the password the CLI printed once. */
  addAgent(agent: { readonly id: string; readonly name: string; readonly role?: TeamRole; readonly sip?: string }): Promise<string>;
  /** The administrator's pool, for a story's checks of what the database holds. */
  readonly admin: pg.Pool;
  close(): Promise<void>;
}

export interface TeamDesk {
  readonly id: string;
  readonly name: string;
  readonly host: TandemHost;
  readonly page: Page;
  /** This desk's own path to PostgreSQL: `cut()` takes only this desk offline. */
  readonly proxy: TcpProxy;
}

function runCli(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env['PATH'] ?? '', PGPASSWORD: ADMIN_PASSWORD }, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`team ${args[0] ?? ''} failed: ${stderr || error.message}`));
        else resolve(stdout);
      },
    );
  });
}

/** PostgreSQL with SCRAM logins, a `tandem` database, and the schema `team init` makes. */
export async function startTeamDatabase(): Promise<TeamDatabase> {
  const postgres = await startPostgres({ superuserPassword: ADMIN_PASSWORD });
  const url = (user = 'postgres') => `postgresql://${user}@${LOOPBACK}:${postgres.port}/${DATABASE}`;
  const setup = new pg.Client({ host: LOOPBACK, port: postgres.port, user: 'postgres', password: ADMIN_PASSWORD, database: 'postgres' });
  await setup.connect();
  try {
    await setup.query(`create database ${DATABASE}`);
  } finally {
    await setup.end();
  }
  await runCli(['init', '--database', url()]);
  const admin = new pg.Pool({ host: LOOPBACK, port: postgres.port, user: 'postgres', password: ADMIN_PASSWORD, database: DATABASE, max: 2 });
  admin.on('error', () => undefined);
  return {
    postgres,
    url,
    admin,
    async addAgent({ id, name, role = 'agent', sip }) {
      const printed = await runCli([
        'add-agent',
        '--database',
        url(),
        '--id',
        id,
        '--name',
        name,
        '--role',
        role,
        ...(sip === undefined ? [] : ['--sip', sip]),
      ]);
      const printedSecret = /shown once[^:]*: (\S+)/.exec(printed)?.[1];
      if (printedSecret === undefined) throw new Error(`team add-agent printed no password for ${id}`);
      return printedSecret;
    },
    async close() {
      await admin.end().catch(() => undefined);
      await postgres.close();
    },
  };
}

/** The header's team link, a status named "Team". */
export const teamStatusOf = (page: Page): Locator => page.getByRole('status', { name: 'Team' });

/**
 * Adds the agent to the team, starts their desk (own profile, own data folder,
 * own browser context) and opens it; resolves once the header says
 * "Team: Connected".
 */
export async function openTeamDesk(
  browser: Browser,
  team: TeamDatabase,
  agent: { readonly id: string; readonly name: string; readonly role?: TeamRole; readonly sip?: string; readonly profile?: Readonly<Record<string, unknown>> },
): Promise<TeamDesk> {
  const role = agent.role ?? 'agent';
  const password = await team.addAgent({ id: agent.id, name: agent.name, role, ...(agent.sip === undefined ? {} : { sip: agent.sip }) });
  const proxy = await startTcpProxy({ port: team.postgres.port });
  const rest = agent.profile ?? {};
  const restTeam = (rest['team'] ?? {}) as Record<string, unknown>;
  const restAgent = (rest['agent'] ?? {}) as Record<string, unknown>;
  const host = await startHost({
    ...rest,
    agent: { ...restAgent, name: agent.name, role, id: agent.id },
    team: { ...restTeam, database: { url: `postgresql://${agent.id}@${LOOPBACK}:${proxy.port}/${DATABASE}`, password, tls: 'disable' } },
  });
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  await host.open(page);
  await expect(teamStatusOf(page)).toHaveText('Team: Connected', { timeout: 20_000 });
  return { id: agent.id, name: agent.name, host, page, proxy };
}

export async function closeTeamDesks(desks: readonly TeamDesk[]): Promise<void> {
  for (const desk of desks) {
    await desk.page.context().close();
    await desk.host.stop();
    await desk.proxy.close();
  }
}
