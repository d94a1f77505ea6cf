import {
  TEAM_CLAIM_ERRORS,
  TEAM_REFUSED_ERRORS,
  type RefusedTeamWrite,
  type RefusedTeamWriteRef,
  type TeamRowChange,
  type TeamRowsPage,
  type TeamWrite,
} from '@tandem/contract';
import { ContractFailure } from '../contract/contractFailure';
import type { Logger } from '../log/logger';
import { isHistoryTable, readTeamRows, readTeamRowsSince, type RowReader, type RowRef } from './teamRows';

/** What the history needs of the desk's feed (teamFeed.ts), so tests can hand in a double. */
export interface HistoryFeed {
  onChange(listener: (change: RowRef) => void): () => void;
  /** The agent's session while catching up or live. */
  openSession(): RowReader | undefined;
  /** The live session only: a window's catch-up reads then, so its page and the feed agree. */
  liveSession(): RowReader | undefined;
  status(): { readonly settledSeq: number };
  write(write: TeamWrite): Promise<void>;
  writeMany(writes: readonly TeamWrite[]): Promise<void>;
  refusedWrites(): readonly RefusedTeamWrite[];
  retryRefused(ref: RefusedTeamWriteRef): Promise<boolean>;
  discardRefused(ref: RefusedTeamWriteRef): Promise<boolean>;
}

/** The `team:write` and `team:rowsSince` channels, and the `team:rows` batches this desk's windows hear. */
export interface TeamHistory {
  write(write: TeamWrite): Promise<null>;
  /** `team:writeMany`: an import's batch, queued in order. */
  writeMany(writes: readonly TeamWrite[]): Promise<null>;
  /** `team:refusedWrites`, `team:retryRefused`, `team:discardRefused`: what the database refused for good, and the agent's choice. */
  refusedWrites(): Promise<{ writes: RefusedTeamWrite[] }>;
  retryRefused(ref: RefusedTeamWriteRef): Promise<null>;
  discardRefused(ref: RefusedTeamWriteRef): Promise<null>;
  rowsSince(after: number, limit: number): Promise<TeamRowsPage>;
  /** Resolves once every change heard so far has been read and announced (tests). */
  idle(): Promise<void>;
  dispose(): void;
}

/** A solo desk has no team history: its windows keep everything in Dexie. */
export const SOLO_HISTORY: TeamHistory = {
  write: () => Promise.reject(new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.solo)),
  writeMany: () => Promise.reject(new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.solo)),
  refusedWrites: () => Promise.resolve({ writes: [] }),
  retryRefused: () => Promise.reject(new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.solo)),
  discardRefused: () => Promise.reject(new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.solo)),
  rowsSince: () => Promise.reject(new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.solo)),
  idle: () => Promise.resolve(),
  dispose: () => undefined,
};

/**
 * Turns the feed's changes into history rows for the desk's windows. Changes
 * heard together (a catch-up page, a burst of notifications) are read in one
 * statement per table and announced as one `team:rows` batch; reads are one
 * at a time, in the order the changes came. A read that fails (the session
 * dropped) loses nothing for good: the windows catch up from their own cursor
 * with `team:rowsSince` when the desk is connected again.
 */
export function createTeamHistory(options: {
  readonly feed: HistoryFeed;
  readonly emit: (rows: readonly TeamRowChange[]) => void;
  readonly log: Logger;
}): TeamHistory {
  const { feed, log } = options;
  let heard: RowRef[] = [];
  let draining: Promise<void> = Promise.resolve();
  let scheduled = false;
  let disposed = false;

  const drain = async () => {
    scheduled = false;
    const batch = heard;
    heard = [];
    const session = feed.openSession();
    if (disposed || batch.length === 0 || session === undefined) return;
    try {
      const rows = await readTeamRows(session, batch, log);
      if (rows.length > 0 && !disposed) options.emit(rows);
    } catch (error: unknown) {
      log.warn('team: could not read changed history rows; windows catch up on reconnect', { code: (error as { code?: unknown } | null)?.code });
    }
  };

  const unsubscribe = feed.onChange((change) => {
    if (!isHistoryTable(change.table)) return;
    heard.push(change);
    if (scheduled) return;
    scheduled = true;
    // After the feed's synchronous loop over a page: the whole page goes in one read.
    draining = draining.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(drain);
  });

  return {
    async write(write) {
      await feed.write(write);
      return null;
    },
    async writeMany(writes) {
      await feed.writeMany(writes);
      return null;
    },
    refusedWrites: () => Promise.resolve({ writes: [...feed.refusedWrites()] }),
    async retryRefused(ref) {
      if (!(await feed.retryRefused(ref))) throw new ContractFailure('rejected', TEAM_REFUSED_ERRORS.gone);
      return null;
    },
    async discardRefused(ref) {
      if (!(await feed.discardRefused(ref))) throw new ContractFailure('rejected', TEAM_REFUSED_ERRORS.gone);
      return null;
    },
    async rowsSince(after, limit) {
      const session = feed.liveSession();
      if (session === undefined) throw new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.offline);
      // In line with the live batches: a page read before a batch is answered before that batch goes out, so a
      // window never applies a page's older copy (say, of a row since deleted) after the batch that is newer.
      const read = draining.then(() => readTeamRowsSince(session, after, limit, log));
      draining = read.then(
        () => undefined,
        () => undefined,
      );
      const page = await read;
      return { ...page, settled: feed.status().settledSeq };
    },
    idle: () => draining,
    dispose() {
      disposed = true;
      unsubscribe();
    },
  };
}
