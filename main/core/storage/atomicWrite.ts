import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
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
