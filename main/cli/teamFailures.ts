import { AgentLoginError } from '../core/team/agentLogins';
import { SchemaTooNewError, SchemaTooOldError } from '../core/team/migrate';

/**
 * One line that tells the administrator what went wrong and what to do,
 * for any failure of `npm run team`: no stack, and never the password
 * (it is cut out even if a library were to echo it).
 */
export function describeFailure(error: unknown, url: URL, password: string | undefined): string {
  const line = describe(error, url).replace(/\s*\n\s*/g, ' ');
  return password !== undefined && password !== '' ? line.split(password).join('***') : line;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET']);

function field(error: unknown, name: string): string | undefined {
  if (typeof error !== 'object' || error === null || !(name in error)) return undefined;
  const value: unknown = (error as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function describe(error: unknown, url: URL): string {
  if (error instanceof SchemaTooNewError || error instanceof SchemaTooOldError || error instanceof AgentLoginError) return error.message;
  const where = `${url.hostname}:${url.port === '' ? '5432' : url.port}`;
  const user = decodeURIComponent(url.username) || 'the default user';
  const code = field(error, 'code');
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined && UNREACHABLE.has(code)) return `cannot reach the database server at ${where} (${code})`;
  if (/timeout/i.test(message) && code === undefined) return `cannot reach the database server at ${where} (no answer in time)`;
  if (code === '28P01') return `the server refused the password for "${user}" (set PGPASSWORD to the administrator's password)`;
  if (/client password must be a string|password must be a string/i.test(message)) return `the server asks a password for "${user}": set PGPASSWORD`;
  if (code === '28000') return `the server refused the login: ${message}`;
  if (code === '3D000') return `${message} on ${where}: create it first (createdb) or fix --database`;
  if (code === '42501') return `the administrator may not do this: ${message} (init and add-agent need the database's owner with CREATEROLE, or a superuser)`;
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) return `the database refused: ${message} (SQLSTATE ${code})`;
  return `failed: ${message}`;
}
