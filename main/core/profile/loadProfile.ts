import { readFile, stat } from 'node:fs/promises';
import { Profile, profileHoldsSecret } from './profileSchema';

export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}

const describeIssue = (issue: { path: readonly PropertyKey[]; message: string }): string =>
  `${issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.')}: ${issue.message}`;

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
  } catch (error) {
    throw new ProfileError(`profile ${file}: not valid JSON (${error instanceof Error ? error.message : 'parse error'})`);
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
