import { parseArgs } from 'node:util';
import type { AgentInput, AgentRole } from '../core/team/agentLogins';

/** The administration commands of `npm run team -- …`, parsed from the command line. */
export type TeamCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'init'; readonly database: string }
  | { readonly kind: 'add-agent'; readonly database: string; readonly agent: AgentInput };

export const USAGE = `usage:
  npm run team -- init --database postgresql://admin@host:5432/tandem
      creates or migrates the team schema, roles and policies (password from PGPASSWORD)
  npm run team -- add-agent --database URL --id ana --name "Ana Ruiz" --role agent|supervisor [--sip sip:1001@domain] [--reset-password]
      creates or updates the agent's login and prints a new password once`;

/** A mistake on the command line: said in one line, followed by the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const ROLES: readonly AgentRole[] = ['agent', 'supervisor'];

/** The URL as it may be shown: without its password. */
export function redactUrl(url: URL): string {
  const shown = new URL(url.href);
  if (shown.password !== '') shown.password = '***';
  return shown.href;
}

/** A postgresql:// URL naming a host and a database; never echoes what it was given. */
export function databaseUrl(raw: string | undefined): URL {
  if (raw === undefined || raw === '') throw new UsageError('--database postgresql://user@host:port/database is required');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError('--database is not a URL: expected postgresql://user@host:port/database');
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') throw new UsageError(`--database must be a postgresql:// URL, not ${url.protocol}//`);
  if (url.hostname === '') throw new UsageError('--database names no host: expected postgresql://user@host:port/database');
  if (url.pathname.length <= 1) throw new UsageError(`--database names no database: expected ${redactUrl(url).replace(/\/$/, '')}/DATABASE`);
  return url;
}

function agentFrom(values: Record<string, string | boolean | undefined>): AgentInput {
  const text = (flag: string): string | undefined => {
    const value = values[flag];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const id = text('id');
  if (id === undefined) throw new UsageError('add-agent: --id is required (the agent\'s login, e.g. "ana")');
  const name = text('name');
  if (name === undefined) throw new UsageError('add-agent: --name is required (e.g. "Ana Ruiz")');
  const role = text('role');
  if (role === undefined) throw new UsageError('add-agent: --role agent|supervisor is required');
  if (!ROLES.includes(role as AgentRole)) throw new UsageError(`add-agent: --role must be agent or supervisor, not "${role.slice(0, 20)}"`);
  const sip = text('sip');
  if (sip !== undefined && !/^sips?:[^@\s]+@[^@\s]+$/.test(sip)) throw new UsageError('add-agent: --sip must be a SIP address such as sip:1001@example.com');
  return { id, name, role: role as AgentRole, sipUri: sip ?? null, resetPassword: values['reset-password'] === true };
}

export function parseTeamArgs(argv: readonly string[]): TeamCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error: unknown) {
    // parseArgs's own messages name the flag and never a value.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help === true || command === undefined || command === 'help') return { kind: 'help' };
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]?.slice(0, 40) ?? ''}"`);
  if (command === 'init') return { kind: 'init', database: databaseUrl(values.database).href };
  if (command === 'add-agent') return { kind: 'add-agent', database: databaseUrl(values.database).href, agent: agentFrom(values) };
  throw new UsageError(`unknown command "${command.slice(0, 40)}": init or add-agent`);
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      database: { type: 'string' },
      id: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      sip: { type: 'string' },
      'reset-password': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
