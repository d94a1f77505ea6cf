import type { SupervisorBoard } from '@tandem/contract';
import type { Logger } from '../log/logger';
import { TimerSlot, type Clock } from '../time/clock';
import { isSupervisorLogin, readSupervisorBoard, type BoardRow } from '../team/agentStates';
import { boardAgent } from './boardState';
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
  /** How often the team database's part is read again (a lapsed lease changes nothing in the database). */
  readonly refreshMs?: number;
}

/** Link states as the view names them. */
const SIP_LINK: Record<WatchLinkState, SupervisorBoard['sip']> = {
  stopped: 'connecting',
  connecting: 'connecting',
  connected: 'connected',
  backoff: 'reconnecting',
};

/**
 * The supervisor's board (issue 16): the team database's agents, their
 * availability and liveness (read every few seconds, and only by a supervisor
 * login: `supervisor_board()` refuses others), joined with their call state
 * from the SIP server (the dialog watcher, pushed as it changes). Started only
 * when the database says this login is a supervisor.
 */
export class SupervisorService {
  readonly #options: SupervisorServiceOptions;
  readonly #refresh: TimerSlot;
  #rows: BoardRow[] = [];
  #rowsAt = 0;
  #allowed: boolean | undefined;
  #started = false;
  #unwatch: Array<() => void> = [];

  constructor(options: SupervisorServiceOptions) {
    this.#options = options;
    this.#refresh = new TimerSlot(options.clock);
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
    // The first read must succeed or fail to the caller: an agent's login is refused here by the database.
    await this.#read(true);
  }

  async #read(first = false): Promise<void> {
    this.#refresh.arm(this.#options.refreshMs ?? 3000, () => void this.#read());
    try {
      this.#rows = await readSupervisorBoard(await this.#options.sessions.pool());
      this.#rowsAt = this.#options.clock.now();
      const uris = this.#rows.flatMap((row) => (row.sip_uri === null ? [] : [row.sip_uri]));
      this.#options.watcher?.setMembers(uris);
      this.#announce();
    } catch (error: unknown) {
      if (first) {
        this.#refresh.cancel();
        this.#started = false;
        throw error;
      }
      this.#options.log.warn('supervisor: could not read the board; trying again', { error: message(error) });
    }
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
    this.#options.emit(this.#snapshot());
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
