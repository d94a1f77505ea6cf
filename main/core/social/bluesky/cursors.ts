import { join } from 'node:path';
import type { Logger } from '../../log/logger';
import { StateFile } from '../../storage/stateFile';
import { TimerSlot, type Clock } from '../../time/clock';
import { EARLIEST_CURSOR, FirehoseReplay } from './firehoseReplay';

/** A first connection's replay of the firehose, while it has not reached live events (firehoseReplay.ts). */
export interface ReplayWindow {
  /** The oldest moment kept (ms since the epoch). */
  readonly since: number;
  /** When the desk first subscribed: events sequenced before it are replayed. */
  readonly openedAt: number;
}

interface Cursors {
  firehoseSeq: number | null;
  chatCursor: string | null;
  /** Set while a replay is under way, so a restart in the middle still filters what is replayed. */
  replay?: ReplayWindow | null;
}

const CURSOR_SAVE_MS = 500;

/**
 * A solo desk's resume points for one account: the firehose `seq` and the
 * chat log cursor, kept in `cursors.json` in the account's data directory (or
 * in memory), and the window of a replay still under way. Saved after the items they cover were journalled
 * (at-least-once: the journal drops a URI it holds). No firehose cursor means
 * the account never connected here: the connector backfills (backfill.ts).
 */
export class ConnectorCursors {
  readonly #file: StateFile<Cursors>;
  readonly #save: TimerSlot;
  #cursors: Cursors = { firehoseSeq: null, chatCursor: null };
  #loaded = false;

  constructor(
    dataDir: string | undefined,
    clock: Clock,
    private readonly log: Logger,
  ) {
    this.#file = new StateFile(dataDir === undefined ? undefined : join(dataDir, 'cursors.json'));
    this.#save = new TimerSlot(clock);
  }

  get firehoseSeq(): number | null {
    return this.#cursors.firehoseSeq;
  }

  get chatCursor(): string | null {
    return this.#cursors.chatCursor;
  }

  /** The replay a previous run began and did not finish, to go on with; null when there is none. */
  unfinishedReplay(): FirehoseReplay | null {
    const window = this.#cursors.replay ?? null;
    return window === null ? null : new FirehoseReplay(window.since, window.openedAt);
  }

  /**
   * A replay from the earliest cursor begins: its window is kept until the
   * stream reaches live events, because a restart in the middle resumes from a
   * cursor that is still days in the past.
   */
  beginReplay(window: ReplayWindow): void {
    this.#cursors.replay = { since: window.since, openedAt: window.openedAt };
    this.#save.cancel();
    void this.save();
  }

  /**
   * After each event: a replay that reached live events is over (null), and a
   * restart now resumes live (saved with the next cursor); otherwise the same.
   */
  settleReplay(replay: FirehoseReplay | null): FirehoseReplay | null {
    if (replay?.live !== true) return replay;
    this.#cursors.replay = null;
    if (!this.#save.armed) this.#save.arm(CURSOR_SAVE_MS, () => void this.save());
    return null;
  }

  /** Reads the file once per process; later calls keep what memory holds (it is newer). */
  async load(): Promise<void> {
    if (this.#loaded) return;
    this.#cursors = { ...this.#cursors, ...(await this.#file.read()) };
    this.#loaded = true;
  }

  /**
   * Before an event's items are delivered. The account's first connection has
   * no cursor (its stream began at the live tip, or at a replay's earliest
   * cursor), so its first event fixes the resume point: just before itself
   * (the server replays what comes after a cursor), saved at once. Without it,
   * a first event the journal refuses (a full disk) would be asked for again
   * from the live tip, and be gone; and a restart would never see what was
   * posted while the app was down.
   */
  beforeFirehoseEvent(seq: number): void {
    if (this.#cursors.firehoseSeq !== null) return;
    this.#cursors.firehoseSeq = Math.max(EARLIEST_CURSOR, seq - 1);
    this.#save.cancel();
    void this.save();
  }

  /** After an event's items were delivered; saved in batches (a restart a little behind replays a few, which is harmless). */
  advanceFirehose(seq: number): void {
    if (this.#cursors.firehoseSeq !== null && seq <= this.#cursors.firehoseSeq) return;
    this.#cursors.firehoseSeq = seq;
    if (!this.#save.armed) this.#save.arm(CURSOR_SAVE_MS, () => void this.save());
  }

  async setChatCursor(cursor: string): Promise<void> {
    this.#cursors.chatCursor = cursor;
    await this.save();
  }

  async save(): Promise<void> {
    try {
      await this.#file.write({ ...this.#cursors });
    } catch (error: unknown) {
      this.log.warn('bluesky: could not save cursors', { error: String(error) });
    }
  }

  /** On stop: what memory holds reaches the file. */
  async close(): Promise<void> {
    this.#save.cancel();
    await this.save();
    await this.#file.flush();
  }
}
