import type { TeamRowChange } from '@tandem/contract';
import type { PopQuiet } from './popQuiet';
import type { TeamRowsApplier } from './teamRows';

/**
 * Team mode: the rows headed for this window's cache, applied in bursts.
 *
 * - **One transaction per burst.** Rows that arrive together (one `team:rows`
 *   event, several within one idle slot, a catch-up page and the live rows
 *   beside it) are written in ONE read-write transaction (teamRows.ts), not
 *   one each: every transaction is a turn in IndexedDB's queue that a screen
 *   pop's reads may have to wait behind.
 * - **The pop first.** While a pop holds {@link PopQuiet} (a call rang and its
 *   panel has not painted yet) nothing is applied; what arrives meanwhile is
 *   queued and applied in the first idle slot after the paint. A burst whose
 *   transaction is still open when a pop begins is called off (aborted, so
 *   nothing of it stays) and applied again after the paint: measured in
 *   tests/bench/contextTeam.bench.ts, a pop that rang while a row write was
 *   open waited for that write, even for reads of other stores, and that was
 *   most of what a stream of team changes added to the pop.
 * - **Nothing lost, nothing reordered.** Bursts are applied one after another
 *   in the order their rows were pushed; a burst never splits a push. A push
 *   with a cursor moves the cache's cursor in its burst's transaction, so the
 *   cursor never covers a row that is not in the cache. A burst that fails
 *   rejects every push in it (the caller reads them again from the cursor,
 *   which did not move).
 */
export interface TeamRowsQueue {
  /** Queues `rows` (and the cursor they bring the cache to); resolves once written, rejects when their burst failed. */
  push(rows: readonly TeamRowChange[], cursor?: number): Promise<void>;
  /** Nothing more is applied; pushes still queued are rejected. */
  stop(): void;
}

export interface TeamRowsQueueOptions {
  readonly quiet?: PopQuiet;
  /**
   * When a burst is written after its first row arrived: default the page's
   * next idle slot (at most 100 ms later), so the write does not take a
   * frame's main thread; with `gather` (only live rows are queued) that slot
   * is looked for {@link GATHER_MS} later, so a stream of changes is written a
   * few times a second rather than once per event.
   */
  readonly schedule?: (run: () => void, gather: boolean) => void;
  /** A burst stops growing at this many rows (whole pushes only; default 1 000). */
  readonly maxRows?: number;
}

interface Entry {
  readonly rows: readonly TeamRowChange[];
  readonly cursor: number | undefined;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

function nextIdleSlot(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 100 });
  else setTimeout(run, 16);
}

/**
 * How long live rows wait for more before their burst is written. Every write
 * transaction is a window in which a ringing call's reads wait (they cannot
 * abort a commit under way): at 20 changes a second, one per event kept a write
 * open for a good part of every second; one per window keeps it a small part.
 * Another desk's note shows here a quarter second later.
 */
export const GATHER_MS = 250;

function defaultSchedule(run: () => void, gather: boolean): void {
  if (gather) setTimeout(() => nextIdleSlot(run), GATHER_MS);
  else nextIdleSlot(run);
}

export function createTeamRowsQueue(applier: TeamRowsApplier, options: TeamRowsQueueOptions = {}): TeamRowsQueue {
  const schedule = options.schedule ?? defaultSchedule;
  const maxRows = options.maxRows ?? 1_000;
  let queued: Entry[] = [];
  let scheduled = false;
  let running = false;
  let stopped = false;

  /** Only live rows are queued: they can wait for more (a catch-up page is a burst already, and the catch-up waits on it). */
  const onlyLive = () => queued.every((entry) => entry.cursor === undefined);

  /** The next burst: whole pushes, in order, up to `maxRows` rows (at least one push). */
  const take = (): Entry[] => {
    let rows = 0;
    let count = 0;
    while (count < queued.length && (count === 0 || rows + queued[count]!.rows.length <= maxRows)) {
      rows += queued[count]!.rows.length;
      count += 1;
    }
    return queued.splice(0, count);
  };

  async function run(): Promise<void> {
    running = true;
    try {
      while (queued.length > 0 && !stopped) {
        // After a pop, the next idle slot (its frame is finished by then); a pop may begin meanwhile: ask again.
        while (options.quiet?.busy() === true) {
          await options.quiet.whenQuiet();
          await new Promise<void>((resolve) => schedule(resolve, false));
        }
        if (stopped) break;
        const burst = take();
        // Left over by the row limit: they have waited their window already.
        const backlog = queued.length > 0;
        const cursors = burst.flatMap((entry) => (entry.cursor === undefined ? [] : [entry.cursor]));
        const callOff = new AbortController();
        const unhook = options.quiet?.onHold(() => callOff.abort()) ?? (() => undefined);
        try {
          await applier.apply(
            burst.flatMap((entry) => entry.rows),
            cursors.length === 0 ? undefined : Math.max(...cursors),
            callOff.signal,
          );
          for (const entry of burst) entry.resolve();
        } catch (error: unknown) {
          // Called off for a pop: nothing of it was written; first in line again once the pop has painted.
          if (callOff.signal.aborted && !stopped) queued.unshift(...burst);
          else for (const entry of burst) entry.reject(error);
        } finally {
          unhook();
        }
        // Live rows that came in meanwhile wait for their own window; a backlog or a catch-up page goes on at once.
        if (!backlog && onlyLive()) break;
      }
    } finally {
      running = false;
      if (queued.length > 0) kick();
    }
  }

  const kick = () => {
    if (scheduled || running || stopped) return;
    scheduled = true;
    schedule(() => {
      scheduled = false;
      if (!running) void run();
    }, onlyLive());
  };

  return {
    push(rows, cursor) {
      if (stopped) return Promise.reject(new Error('team rows queue stopped'));
      return new Promise<void>((resolve, reject) => {
        queued.push({ rows, cursor, resolve, reject });
        kick();
      });
    },
    stop() {
      stopped = true;
      const dropped = queued;
      queued = [];
      for (const entry of dropped) entry.reject(new Error('team rows queue stopped'));
    },
  };
}
