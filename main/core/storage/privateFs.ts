import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The desk's data folder holds the social journal, the outbox, preferences
 * and (in Electron) the encrypted secrets: nobody but the agent's own OS
 * account may list or read it. Folders are 0700 and files 0600, and a folder
 * left wider by an older version or a manual `mkdir` is tightened, not
 * trusted. Windows has no POSIX modes (ACLs protect the profile folder), so
 * there the checks are skipped.
 */
const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;
const POSIX = process.platform !== 'win32';

/** A file-system error that says the path does not exist. */
export const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Narrows `path` to `mode` when group or others have any bit; never follows a symbolic link. */
async function tighten(path: string, mode: number): Promise<void> {
  if (!POSIX) return;
  let stats;
  try {
    stats = await lstat(path);
  } catch (error: unknown) {
    if (isMissing(error)) return;
    throw error;
  }
  if (stats.isSymbolicLink()) return;
  if ((stats.mode & 0o077) !== 0) await chmod(path, mode);
}

/** Creates `dir` (and missing parents) as 0700, and tightens `dir` itself when it already exists wider. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  await tighten(dir, PRIVATE_DIR);
}

/** A file of ours (journal, preferences) that an older version may have left readable by others. */
export function tightenFile(path: string): Promise<void> {
  return tighten(path, PRIVATE_FILE);
}

/** `dir` and everything below it: folders 0700, files 0600 (for a subtree the desk alone writes, such as `social/`). */
export async function ensurePrivateTree(dir: string): Promise<void> {
  await ensurePrivateDir(dir);
  if (!POSIX) return;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await ensurePrivateTree(path);
    else if (entry.isFile()) await tighten(path, PRIVATE_FILE);
  }
}
