/**
 * Waits until the machine's CPUs are mostly idle, read from /proc/stat a second at a time, so that
 * nothing a bench's seeding left running (Chromium's IndexedDB compacts, in LevelDB, what it was
 * given) is measured as the desk's: a desk's database was written long before the agent's shift.
 * Returns how long it waited, whether the machine settled, and the last second's busy share.
 */
import { readFile } from 'node:fs/promises';

async function cpuTimes(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

export interface QuietOptions {
  /** Busy share of all CPUs under which a second counts as quiet (default 0.25). */
  readonly busyBelow?: number;
  /** Consecutive quiet seconds needed (default 3). */
  readonly seconds?: number;
  /** Gives up after this long (default 120 000 ms). */
  readonly timeoutMs?: number;
}

export interface QuietResult {
  readonly waitedMs: number;
  readonly settled: boolean;
  /** Busy share of all CPUs in the last second read. */
  readonly lastBusy: number;
}

export async function machineQuiet(options: QuietOptions = {}): Promise<QuietResult> {
  const { busyBelow = 0.25, seconds = 3, timeoutMs = 120_000 } = options;
  const started = Date.now();
  let quiet = 0;
  let lastBusy = 1;
  let before = await cpuTimes();
  while (Date.now() - started < timeoutMs) {
    // Sampling the CPU counters once a second: the wait is for a state of the machine, read as it changes.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await cpuTimes();
    lastBusy = (after.busy - before.busy) / Math.max(1, after.total - before.total);
    before = after;
    quiet = lastBusy < busyBelow ? quiet + 1 : 0;
    if (quiet >= seconds) return { waitedMs: Date.now() - started, settled: true, lastBusy };
  }
  return { waitedMs: Date.now() - started, settled: false, lastBusy };
}

/** One line for a bench's summary: "machine quiet 4 s after seeding (last second 12 % busy)". */
export function describeQuiet(quiet: QuietResult): string {
  const state = quiet.settled ? 'quiet' : 'still busy';
  return `machine ${state} ${(quiet.waitedMs / 1000).toFixed(0)} s after seeding (last second ${(quiet.lastBusy * 100).toFixed(0)} % busy)`;
}
