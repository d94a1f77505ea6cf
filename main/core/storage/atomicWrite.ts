import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ensurePrivateDir } from './privateFs';

/**
 * Writes a whole file atomically (a temporary file renamed over it, so a crash
 * leaves the old or the new content, never half), one write at a time per
 * file, whoever asks.
 *
 * Why a queue per path and not per object: two savers of one file (two
 * preference saves in the same tick, two StateFiles on one path) used to
 * share one temporary name, and the second rename failed with ENOENT (a burst
 * of 1 000 theme changes lost 998 writes). Now the file's lane runs one write
 * at a time; a write that is still waiting when a newer one arrives is
 * replaced by it, and both callers resolve when the newer content has landed:
 * the last content asked for is always the one on disk, and a burst costs two
 * writes, not a thousand. A failed write rejects every caller it covered.
 * Temporary names are unique anyway (pid, counter, random), so even another
 * process writing the same file cannot collide.
 */
interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}
interface Job {
  text: string;
  sync: boolean;
  readonly waiters: Waiter[];
}
interface Lane {
  next: Job | undefined;
}

const lanes = new Map<string, Lane>();
let written = 0;
/** Files whose abandoned temporaries this process has already looked for. */
const swept = new Set<string>();

export interface AtomicWriteOptions {
  /** fsync before the rename (state that must survive a power cut: cursors, outbox). */
  readonly sync?: boolean;
}

export function writeFileAtomically(path: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  const key = resolve(path);
  const sync = options.sync ?? false;
  return new Promise<void>((resolvePromise, reject) => {
    const waiter = { resolve: resolvePromise, reject };
    const lane = lanes.get(key);
    if (lane === undefined) {
      const fresh: Lane = { next: { text, sync, waiters: [waiter] } };
      lanes.set(key, fresh);
      void drain(key, fresh);
    } else if (lane.next === undefined) {
      lane.next = { text, sync, waiters: [waiter] };
    } else {
      lane.next.text = text;
      lane.next.sync ||= sync;
      lane.next.waiters.push(waiter);
    }
  });
}

async function drain(key: string, lane: Lane): Promise<void> {
  for (let job = lane.next; job !== undefined; job = lane.next) {
    lane.next = undefined;
    try {
      await writeNow(key, job.text, job.sync);
      for (const waiter of job.waiters) waiter.resolve();
    } catch (error: unknown) {
      for (const waiter of job.waiters) waiter.reject(error);
    }
  }
  lanes.delete(key);
}

async function writeNow(path: string, text: string, sync: boolean): Promise<void> {
  await ensurePrivateDir(dirname(path));
  if (!swept.has(path)) {
    swept.add(path);
    await removeAbandonedTemporaries(path);
  }
  written += 1;
  const temp = `${path}.${process.pid}.${written}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    // 'wx': a temporary name that exists already is someone else's; never write through it.
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      if (sync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error: unknown) {
    await rm(temp, { force: true });
    throw error;
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * A process killed between open and rename (SIGKILL, a power cut) leaves its
 * temporary beside the file, and nothing else would ever remove it. Before a
 * process first writes a file, the temporaries of that file left by processes
 * that are gone (or by an earlier life of this pid: none of ours is in flight
 * yet) are deleted; a live writer's are left alone.
 */
export async function removeAbandonedTemporaries(path: string): Promise<void> {
  const base = basename(path);
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(`${base}.`)) continue;
    const match = /^\.(\d+)\.\d+\.[0-9a-f]{8}\.tmp$/.exec(name.slice(base.length));
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && alive(pid)) continue;
    await rm(join(dirname(path), name), { force: true });
  }
}
