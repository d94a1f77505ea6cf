import pg from 'pg';
import { addAgent } from '../core/team/agentLogins';
import { migrate } from '../core/team/migrate';
import { LATEST_SCHEMA } from '../core/team/migrations';
import { parseTeamArgs, redactUrl, UsageError, USAGE, type TeamCommand } from './teamArgs';
import { describeFailure } from './teamFailures';

/**
 * `npm run team -- init|add-agent …`: the team database's administration
 * (issue 11). Both commands are idempotent. Exit codes: 0 done, 1 the
 * database or server said no, 2 the command line was wrong.
 */

const CONNECT_TIMEOUT_MS = 10_000;

async function run(command: Exclude<TeamCommand, { kind: 'help' }>): Promise<string> {
  const pool = new pg.Pool({
    // pg takes the password from the URL, else from PGPASSWORD itself.
    connectionString: command.database,
    max: 1,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'tandem-team-admin',
  });
  // An idle connection dropped by the server must not crash the process; the next query says why.
  pool.on('error', () => undefined);
  try {
    if (command.kind === 'init') {
      const report = await migrate(pool);
      if (report.applied.length === 0) return `team database ${redactUrl(new URL(command.database))}: already at schema ${report.to}, nothing to do`;
      const steps = report.applied.map((step) => `${step.version} (${step.name})`).join(', ');
      return `team database ${redactUrl(new URL(command.database))}: schema ${report.from} → ${report.to}; applied ${steps}`;
    }
    const client = await pool.connect();
    try {
      const { agent } = command;
      const outcome = await addAgent(client, agent);
      const who = `agent "${agent.id}" (${agent.name}, ${agent.role}${agent.sipUri === null ? '' : `, ${agent.sipUri}`})`;
      const lines = [`${who} ${outcome.created ? 'created' : 'updated'}`];
      if (outcome.password === null) lines.push('password unchanged (--reset-password gives a new one)');
      else lines.push(`password for ${agent.id}, shown once (give it to them; it is stored nowhere): ${outcome.password}`);
      return lines.join('\n');
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

async function main(): Promise<number> {
  let command: TeamCommand;
  try {
    command = parseTeamArgs(process.argv.slice(2));
  } catch (error: unknown) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`team: ${error.message} (npm run team -- --help)\n`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n(this Tandem knows team schema ${LATEST_SCHEMA})\n`);
    return 0;
  }
  const password = process.env['PGPASSWORD'];
  try {
    process.stdout.write(`${await run(command)}\n`);
    return 0;
  } catch (error: unknown) {
    process.stderr.write(`team: ${describeFailure(error, new URL(command.database), password)}\n`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`team: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
