import { readFile, stat } from 'node:fs/promises';
import type * as z from 'zod';
import { locateJsonError } from './jsonErrorLocation';
import { Profile, profileHoldsSecret } from './profileSchema';

export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}

/** A key as the message may show it: plain names only; anything else (it could be a pasted secret) is elided. */
const safeKey = (key: PropertyKey): string =>
  typeof key === 'number' ? `[${key}]` : typeof key === 'string' && /^[A-Za-z0-9_$-]{1,64}$/.test(key) ? key : '<key>';

const keyPath = (path: readonly PropertyKey[]): string => (path.length === 0 ? '(root)' : path.map(safeKey).join('.').replace(/\.\[/g, '['));

/**
 * Zod's messages never carry the input's values, except the unrecognised keys' names, which come from the file:
 * those are rebuilt here through the same filter as the path.
 */
const describeIssue = (issue: z.core.$ZodIssue): string =>
  issue.code === 'unrecognized_keys'
    ? `${keyPath(issue.path)}: unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map(safeKey).join(', ')}`
    : `${keyPath(issue.path)}: ${issue.message}`;

/** Line, column and key of a JSON syntax error, computed by us: the parser's own message quotes the text. */
function describeSyntaxError(text: string): string {
  const where = locateJsonError(text);
  if (where === undefined) return 'not valid JSON';
  const key = where.path.length === 0 ? '' : ` (in ${keyPath(where.path)})`;
  return `not valid JSON at line ${where.line}, column ${where.column}${key}`;
}

/**
 * Reads and validates a profile. Messages name the key and the problem, and
 * never echo a value (it could be a password).
 */
export async function loadProfile(file: string): Promise<Profile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ProfileError(`profile ${file}: cannot be read (${code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Never the SyntaxError itself, not even as a cause: its message holds the text around the error.
    throw new ProfileError(`profile ${file}: ${describeSyntaxError(text)}`);
  }
  const parsed = Profile.safeParse(json);
  if (!parsed.success) {
    throw new ProfileError(`profile ${file}: ${parsed.error.issues.slice(0, 5).map(describeIssue).join('; ')}`);
  }
  if (profileHoldsSecret(parsed.data) && process.platform !== 'win32') {
    const { mode } = await stat(file);
    if ((mode & 0o077) !== 0) {
      throw new ProfileError(
        `profile ${file}: holds a password but is readable by group or others (mode ${(mode & 0o777).toString(8)}); run: chmod 600 ${file}`,
      );
    }
  }
  return parsed.data;
}

/** `--profile FILE` wins over `TANDEM_PROFILE`. */
export function profilePathFrom(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const index = argv.indexOf('--profile');
  if (index >= 0) return argv[index + 1];
  const inline = argv.find((arg) => arg.startsWith('--profile='));
  if (inline !== undefined) return inline.slice('--profile='.length);
  return env['TANDEM_PROFILE'] || undefined;
}
