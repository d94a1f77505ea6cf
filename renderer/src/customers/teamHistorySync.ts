import type Dexie from 'dexie';
import type { TandemApi, TeamRowChange, Unsubscribe } from '@tandem/contract';
import { callTandem } from '../tandemClient';
import type { TeamHistoryTables } from './teamHistoryTables';
import type { TeamRowsApplier } from './teamRows';

/**
 * Team mode: keeps this window's cache of the shared history current.
 *
 * - Live: main announces changed rows (`team:rows`) and they are applied as
 *   they come, one batch at a time, in order.
 * - Catch-up: the cache's own cursor (`teamCursors`, in Dexie) says how far it
 *   got; at start, whenever the desk is connected again, when main's
 *   connection reopens, and a little after live rows (so the cursor keeps up),
 *   the window asks `team:rowsSince` from there, page by page. The cursor
 *   never passes main's settled seq, so a change still in flight when the
 *   window closes is read again rather than skipped; applying is idempotent.
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
}

const defaultTimer = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export function bindTeamHistory(api: TandemApi, db: TeamHistorySyncDb, applier: TeamRowsApplier, options: TeamHistorySyncOptions = {}): Unsubscribe {
  const setTimer = options.setTimer ?? defaultTimer;
  const pageSize = options.pageSize ?? 500;
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();
  let catchingUp: Promise<void> | undefined;
  let again = false;
  let cancelSettle: (() => void) | undefined;

  /** Batches are applied one after another, in the order they came. */
  const apply = (rows: readonly TeamRowChange[]) => {
    queue = queue.then(() => applier.apply(rows)).catch((error: unknown) => options.onError?.(error));
    return queue;
  };

  const readCursor = async () => (await db.teamCursors.get('history'))?.seq ?? 0;

  async function pages(): Promise<void> {
    const stored = await readCursor();
    let after = stored;
    for (;;) {
      const page = await callTandem(api, (tandem) => tandem.teamRowsSince({ after, limit: pageSize }));
      if (!page.ok || stopped) return;
      await apply(page.value.rows);
      after = page.value.through;
      const cursor = Math.min(after, page.value.settled);
      if (cursor > stored) await db.teamCursors.put({ key: 'history', seq: cursor });
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
      void apply(rows);
      cancelSettle?.();
      cancelSettle = setTimer(() => void catchUp(), options.settleDelayMs ?? 3_000);
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
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
