/**
 * When the renderer's main thread ran and when it waited for a CPU, from Linux's scheduler
 * statistics (/proc/<pid>/task/<tid>/schedstat: nanoseconds on a CPU, nanoseconds runnable but
 * waiting on the run queue). A long frame with little script in it was either the desk's own work
 * outside scripts (style, layout, paint, GC) or its main thread waiting its turn on two cores behind
 * the compositor, IndexedDB and the load generator: these readings tell the two apart.
 */
import { readdir, readFile } from 'node:fs/promises';

interface Reading {
  /** Wall clock (ms since the epoch) of the reading. */
  readonly at: number;
  /** Per thread (pid/tid): ns on a CPU, ns waiting for one. */
  readonly threads: ReadonlyMap<string, { readonly run: number; readonly wait: number }>;
}

/** Every Chromium renderer's main thread: the process's first thread (Chromium leaves it unnamed on Linux, so `ps` keeps the process's name). */
async function rendererMainThreads(): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      if (/chrom/i.test(commandLine.split(/[\0 ]/)[0] ?? '') && commandLine.includes('--type=renderer')) found.push(`${pid}/${pid}`);
    } catch {
      // Gone while being read.
    }
  }
  return found;
}

async function read(threads: readonly string[]): Promise<Reading> {
  const at = Date.now();
  const values = new Map<string, { run: number; wait: number }>();
  for (const thread of threads) {
    try {
      const [run, wait] = (await readFile(`/proc/${thread.replace('/', '/task/')}/schedstat`, 'utf8')).split(' ').map(Number);
      values.set(thread, { run: run ?? 0, wait: wait ?? 0 });
    } catch {
      // The renderer went away.
    }
  }
  return { at, threads: values };
}

export interface MainThreadWaits {
  /** The busiest renderer main thread over [from, to] (wall ms): ms on a CPU and ms waiting for one, between the readings around it. */
  readonly over: (from: number, to: number) => { readonly run: number; readonly wait: number; readonly span: number } | null;
  /** The same over the whole stretch. */
  readonly total: { readonly run: number; readonly wait: number; readonly span: number } | null;
}

/** Reads every `everyMs` until stopped. */
export async function startMainThreadWaits(everyMs = 20): Promise<() => Promise<MainThreadWaits>> {
  const threads = await rendererMainThreads();
  const readings: Reading[] = [await read(threads)];
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      readings.push(await read(threads));
    }
  })();
  return async () => {
    running = false;
    await loop;
    const first = readings[0]!;
    const last = readings.at(-1)!;
    // The desk's page: the thread that ran most.
    let busiest: string | null = null;
    let most = -1;
    for (const [thread, end] of last.threads) {
      const ran = end.run - (first.threads.get(thread)?.run ?? end.run);
      if (ran > most) [busiest, most] = [thread, ran];
    }
    const between = (a: Reading, b: Reading) => {
      const start = busiest === null ? undefined : a.threads.get(busiest);
      const end = busiest === null ? undefined : b.threads.get(busiest);
      if (start === undefined || end === undefined) return null;
      return { run: (end.run - start.run) / 1e6, wait: (end.wait - start.wait) / 1e6, span: b.at - a.at };
    };
    return {
      over(from, to) {
        const before = readings.filter((reading) => reading.at <= from).at(-1) ?? first;
        const after = readings.find((reading) => reading.at >= to) ?? last;
        return between(before, after);
      },
      total: between(first, last),
    };
  };
}
