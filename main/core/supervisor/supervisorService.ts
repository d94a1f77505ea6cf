import type { SupervisorBoard } from '@tandem/contract';
import type { Logger } from '../log/logger';
import { TimerSlot, type Clock } from '../time/clock';
import { isSupervisorLogin, readSupervisorBoard, type BoardRow } from '../team/agentStates';
import { boardAgent, rowDeadline } from './boardState';
import type { DialogWatcher } from './dialogWatcher';
import type { TeamSessions } from './teamPool';
import type { WatchLinkState } from './watchMachines';

export interface SupervisorServiceOptions {
  readonly sessions: TeamSessions;
  /** Undefined when the desk has no SIP account: the board then shows availability only. */
  readonly watcher: DialogWatcher | undefined;
  readonly clock: Clock;
  readonly log: Logger;
  readonly emit: (board: SupervisorBoard) => void;
  /**
   * The team change feed (teamFeed.ts): a change to an agent, a state or a
   * claim reads the board again at once. Undefined (a test, or a desk without
   * one): the board is read every `refreshMs` instead.
   */
  readonly changes?: BoardChanges | undefined;
  /** How long after a failed read, or how often without a feed, the board is read again. */
  readonly refreshMs?: number;
}

/** What the board needs of the team change feed. */
export interface BoardChanges {
  onChange(listener: (change: { readonly table: string }) => void): () => void;
  onStatus(listener: (status: { readonly state: string }) => void): () => void;
}

/** The tables whose rows the board shows; a change anywhere else leaves it as it is. */
const BOARD_TABLES: ReadonlySet<string> = new Set(['agents', 'agent_states', 'conversations', 'agent_viewing']);

/** Link states as the view names them. */
const SIP_LINK: Record<WatchLinkState, SupervisorBoard['sip']> = {
  stopped: 'connecting',
  connecting: 'connecting',
  connected: 'connected',
  backoff: 'reconnecting',
};

/**
 * The supervisor's board (issue 16): the team database's agents, their
 * availability and liveness (read by a supervisor login only:
 * `supervisor_board()` refuses others), joined with their call state from the
 * SIP server (the dialog watcher, pushed as it changes). Started only when
 * the database says this login is a supervisor.
 *
 * The database's part rides the change feed: a change of a board table reads
 * the board again (one read at a time; changes during a read ask for one more
 * read, not one each), and so does the feed coming back live after a gap.
 * What ages by itself (a desk's lease, a claim) is not a change in the
 * database: the board carries its deadlines and a timer repaints at the
 * earliest one, so a vanished desk turns offline when its lease lapses.
 */
export class SupervisorService {
  readonly #options: SupervisorServiceOptions;
  readonly #refresh: TimerSlot;
  readonly #deadline: TimerSlot;
  #reading = false;
  #readAgain = false;
  #rows: BoardRow[] = [];
  #rowsAt = 0;
  #allowed: boolean | undefined;
  #started = false;
  #unwatch: Array<() => void> = [];

  constructor(options: SupervisorServiceOptions) {
    this.#options = options;
    this.#refresh = new TimerSlot(options.clock);
    this.#deadline = new TimerSlot(options.clock);
  }

  /** Asks the database once; a desk that could not reach it asks again next time. */
  async allowed(): Promise<boolean> {
    if (this.#allowed !== undefined) return this.#allowed;
    try {
      this.#allowed = await isSupervisorLogin(await this.#options.sessions.pool());
    } catch (error: unknown) {
      this.#options.log.warn('supervisor: could not ask the team database for the role', { error: message(error) });
      return false;
    }
    return this.#allowed;
  }

  /** The board now; the first call starts watching (the view is opened). */
  async board(): Promise<SupervisorBoard> {
    if (!this.#started) await this.#start();
    return this.#snapshot();
  }

  async stop(): Promise<void> {
    this.#refresh.cancel();
    this.#deadline.cancel();
    for (const stop of this.#unwatch.splice(0)) stop();
    await this.#options.watcher?.stop();
  }

  async #start(): Promise<void> {
    this.#started = true;
    const watcher = this.#options.watcher;
    if (watcher !== undefined) {
      this.#unwatch.push(watcher.onChange(() => this.#announce()));
      this.#unwatch.push(watcher.onLinkChange(() => this.#announce()));
      watcher.start();
    }
    const changes = this.#options.changes;
    if (changes !== undefined) {
      this.#unwatch.push(
        changes.onChange((change) => {
          if (BOARD_TABLES.has(change.table)) this.#requestRead();
        }),
      );
      // Back live after a gap (not every status while live): a read failed meanwhile may have left the board behind.
      let wasLive = true;
      this.#unwatch.push(
        changes.onStatus((status) => {
          const live = status.state === 'live';
          if (live && !wasLive) this.#requestRead();
          wasLive = live;
        }),
      );
    }
    // The first read must succeed or fail to the caller: an agent's login is refused here by the database.
    try {
      await this.#read();
    } catch (error: unknown) {
      for (const stop of this.#unwatch.splice(0)) stop();
      this.#started = false;
      throw error;
    }
  }

  /** A read now, or one more right after the read in flight (many changes during a read cost one more read). */
  #requestRead(): void {
    if (!this.#started) return;
    if (this.#reading) {
      this.#readAgain = true;
      return;
    }
    this.#read().catch((error: unknown) => {
      this.#options.log.warn('supervisor: could not read the board; trying again', { error: message(error) });
      this.#refresh.arm(this.#options.refreshMs ?? 3000, () => this.#requestRead());
    });
  }

  async #read(): Promise<void> {
    this.#reading = true;
    this.#refresh.cancel();
    try {
      do {
        this.#readAgain = false;
        this.#rows = await readSupervisorBoard(await this.#options.sessions.pool());
        this.#rowsAt = this.#options.clock.now();
      } while (this.#readAgain && this.#started);
    } finally {
      this.#reading = false;
    }
    // Without a feed nothing says when the database changed: look again after a while.
    if (this.#options.changes === undefined) this.#refresh.arm(this.#options.refreshMs ?? 3000, () => this.#requestRead());
    const uris = this.#rows.flatMap((row) => (row.sip_uri === null ? [] : [row.sip_uri]));
    this.#options.watcher?.setMembers(uris);
    this.#announce();
  }

  /** Repaints when the earliest lease or claim runs out (on the database's clock, moved onto ours). */
  #armDeadline(now: number): void {
    const elapsed = now - this.#rowsAt;
    let earliest: number | undefined;
    for (const row of this.#rows) {
      const deadline = rowDeadline({ ...row, server_now: new Date(row.server_now.getTime() + elapsed) });
      if (deadline === undefined) continue;
      const inMs = deadline - (row.server_now.getTime() + elapsed);
      earliest = earliest === undefined ? inMs : Math.min(earliest, inMs);
    }
    if (earliest === undefined) this.#deadline.cancel();
    // A few milliseconds past the deadline, so the lease reads as lapsed when the timer fires.
    else this.#deadline.arm(earliest + 5, () => this.#announce());
  }

  #snapshot(): SupervisorBoard {
    const now = this.#options.clock.now();
    const dialogs = new Map((this.#options.watcher?.snapshot() ?? []).map((member) => [member.uri, member]));
    // Rows read a moment ago: their server time moves on with ours.
    const elapsed = now - this.#rowsAt;
    return {
      agents: this.#rows.map((row) =>
        boardAgent({ ...row, server_now: new Date(row.server_now.getTime() + elapsed) }, row.sip_uri === null ? undefined : dialogs.get(row.sip_uri), now),
      ),
      sip: this.#options.watcher === undefined ? 'unavailable' : SIP_LINK[this.#options.watcher.link],
    };
  }

  #announce(): void {
    this.#armDeadline(this.#options.clock.now());
    this.#options.emit(this.#snapshot());
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
