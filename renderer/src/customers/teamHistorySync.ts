import type Dexie from 'dexie';
import type { TandemApi, TeamRowChange, Unsubscribe } from '@tandem/contract';
import { callTandem } from '../tandemClient';
import type { PopQuiet } from './popQuiet';
import type { TeamHistoryTables } from './teamHistoryTables';
import type { TeamRowsApplier } from './teamRows';
import { createTeamRowsQueue } from './teamRowsQueue';

/**
 * Team mode: keeps this window's cache of the shared history current.
 *
 * - Live: main announces changed rows (`team:rows`); they go through the
 *   window's queue (teamRowsQueue.ts): in order, a burst per transaction, and
 *   never while a screen pop is reading and painting.
 * - Catch-up: the cache's own cursor (`teamCursors`, in Dexie) says how far it
 *   got; at start, whenever the desk is connected again, when main's
 *   connection reopens, and a little after live rows (so the cursor keeps up,
 *   at most one settle delay behind even while rows keep coming), the window
 *   asks `team:rowsSince` from there, page by page. Each page goes through the
 *   same queue with the cursor it reaches, written in the page's own
 *   transaction. The cursor never passes main's settled seq, so a change still
 *   in flight when the window closes is read again rather than skipped;
 *   applying is idempotent. A page that fails to apply ends the catch-up
 *   (the cursor stays before it) and another is tried a settle delay later.
 *
 * A solo desk asks nothing: the catch-ups wait until main says the desk is on a team.
 */
export type TeamHistorySyncDb = Dexie & TeamHistoryTables;

export interface TeamHistorySyncOptions {
  /** How long after live rows the cursor is moved by a catch-up (default 3 s). */
  readonly settleDelayMs?: number;
  readonly pageSize?: number;
  readonly setTimer?: (run: () => void, ms: number) => () => void;
  /** Told when a batch could not be written into the cache (the next catch-up reads it again). */
  readonly onError?: (error: unknown) => void;
  /** The screen pop's hold on IndexedDB: rows wait while a pop reads and paints (popQuiet.ts). */
  readonly quiet?: PopQuiet;
  /** When a burst of rows is written (teamRowsQueue.ts; default the next idle slot). */
  readonly schedule?: (run: () => void, gather: boolean) => void;
  /** Rows now in the cache (live or caught up), for whoever shows them (the open context panel). */
  readonly onApplied?: (rows: readonly TeamRowChange[]) => void;
}

const defaultTimer = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export function bindTeamHistory(api: TandemApi, db: TeamHistorySyncDb, applier: TeamRowsApplier, options: TeamHistorySyncOptions = {}): Unsubscribe {
  const setTimer = options.setTimer ?? defaultTimer;
  const pageSize = options.pageSize ?? 500;
  let stopped = false;
  const queue = createTeamRowsQueue(applier, {
    ...(options.quiet === undefined ? {} : { quiet: options.quiet }),
    ...(options.schedule === undefined ? {} : { schedule: options.schedule }),
  });
  let catchingUp: Promise<void> | undefined;
  let again = false;
  let cancelSettle: (() => void) | undefined;

  /** A catch-up a settle delay from now, unless one is already due (a steady stream of rows must not keep postponing it). */
  const settleLater = () => {
    if (cancelSettle !== undefined || stopped) return;
    cancelSettle = setTimer(() => {
      cancelSettle = undefined;
      void catchUp();
    }, options.settleDelayMs ?? 3_000);
  };

  const readCursor = async () => (await db.teamCursors.get('history'))?.seq ?? 0;

  async function pages(): Promise<void> {
    const stored = await readCursor();
    let after = stored;
    for (;;) {
      const page = await callTandem(api, (tandem) => tandem.teamRowsSince({ after, limit: pageSize }));
      if (!page.ok || stopped) return;
      const cursor = Math.min(page.value.through, page.value.settled);
      try {
        await queue.push(page.value.rows, cursor > stored ? cursor : undefined);
        if (page.value.rows.length > 0) options.onApplied?.(page.value.rows);
      } catch (error: unknown) {
        // Neither the page nor the cursor is in the cache: the next catch-up reads from where the cursor stayed.
        if (stopped) return;
        settleLater();
        throw error;
      }
      after = page.value.through;
      if (page.value.done) return;
    }
  }

  /** Whether main says this desk is on a team (its status is not `solo`); until then nothing is asked. */
  let onTeam = false;

  /** One catch-up at a time; a call during one runs another right after it. */
  const catchUp = (): Promise<void> => {
    if (!onTeam) return Promise.resolve();
    if (catchingUp !== undefined) {
      again = true;
      return catchingUp;
    }
    catchingUp = pages()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        catchingUp = undefined;
        if (again && !stopped) {
          again = false;
          void catchUp();
        }
      });
    return catchingUp;
  };

  const unsubscribes = [
    api.on('team:rows', ({ rows }) => {
      queue.push(rows).then(
        () => options.onApplied?.(rows),
        (error: unknown) => {
          if (!stopped) options.onError?.(error);
        },
      );
      settleLater();
    }),
    api.on('team:status', (status) => {
      onTeam = status.state !== 'solo';
      if (status.state === 'connected') void catchUp();
    }),
    api.on('app:connected', () => void catchUp()),
  ];
  void callTandem(api, (tandem) => tandem.getTeamStatus({})).then((status) => {
    if (!status.ok || stopped) return;
    onTeam = status.value.state !== 'solo';
    void catchUp();
  });
  return () => {
    stopped = true;
    cancelSettle?.();
    queue.stop();
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
