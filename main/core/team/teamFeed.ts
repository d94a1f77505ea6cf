import pg from 'pg';
import type { ClientConfig, Notification } from 'pg';
import * as z from 'zod';
import type { Logger } from '../log/logger';
import { StateFile } from '../storage/stateFile';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../time/backoff';
import { systemClock, TimerSlot, type Clock } from '../time/clock';
import { TeamConnectionMachine, type TeamConnectionState } from './teamConnectionMachine';
import type { RefusedWrite, TeamOutbox } from './teamOutbox';
import { TeamSeqTracker } from './teamSeqTracker';
import type { TeamWrite } from './teamWrites';

/** The NOTIFY channel and the catch-up query of the wire agreement (docs/ARCHITECTURE.md, "Team database"). */
export const TEAM_CHANNEL = 'tandem_changes';
const CATCH_UP = 'select seq, table_name, row_id from team_changes where seq > $1 order by seq limit $2';

/** One row changed in the team database: which table, which row, at which point of the team's sequence. */
export interface TeamChange {
  readonly table: string;
  readonly id: string;
  readonly seq: number;
}

/** Why the last connection attempt failed, for the agent (an i18n detail) and the log; never the server's text. */
export type TeamProblem = 'credentials-rejected' | 'certificate-rejected' | 'schema-missing' | 'unreachable';

export interface TeamFeedStatus {
  readonly state: TeamConnectionState;
  /** Writes queued in the outbox, waiting for the database. */
  readonly pendingChanges: number;
  /** Writes the database refused for good, kept aside in the outbox file. */
  readonly refusedWrites: number;
  /** The highest seq applied to this desk's cache (-1: none yet). */
  readonly lastSeq: number;
  /** Every seq up to this one is applied or settled as never coming (a rollback); what a restart resumes from. */
  readonly settledSeq: number;
  readonly problem?: TeamProblem;
}

export interface TeamFeedOptions {
  /** The session's settings, read again for every attempt (the password may have been typed meanwhile). */
  readonly config: () => Promise<ClientConfig>;
  readonly outbox: TeamOutbox;
  /** Where the last applied seq is kept (in the data folder); undefined keeps it in memory. */
  readonly cursorPath?: string | undefined;
  readonly log: Logger;
  /** Rows per catch-up query (default 1 000). */
  readonly pageSize?: number;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  /** How long a hole in the sequence is waited for before it counts as a rollback (default 5 s). */
  readonly gapGraceMs?: number;
  readonly clock?: Clock;
}

const Seq = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d{1,18}$/)
    .transform(Number),
]);
const ChangeRow = z.object({ seq: Seq, table_name: z.string(), row_id: z.string() });
const NotifyPayload = z.object({ table: z.string(), id: z.string(), seq: Seq });
const Cursor = z.object({ version: z.literal(1), watermark: z.number().int() });

/**
 * The desk's one session with the team database: it LISTENs on
 * {@link TEAM_CHANNEL}, hands every change to `onChange` listeners exactly
 * once, writes the outbox, and comes back by itself after a dropped
 * connection or a server restart (states: teamConnectionMachine.ts).
 *
 * Each (re)connect: LISTEN first, then read team_changes after the
 * watermark in pages until a short page (NOTIFY is not replayed, so the
 * catch-up covers the time away; LISTEN first means nothing committed during
 * the catch-up is missed), then flush the outbox, then apply what was
 * notified meanwhile, in seq order, and only then report "live". From then
 * on notifications are applied as they come (commit order). A change seen
 * both ways is applied once (teamSeqTracker.ts).
 */
export class TeamFeed {
  readonly #machine = new TeamConnectionMachine();
  readonly #listeners = new Set<(change: TeamChange) => void>();
  readonly #statusListeners = new Set<(status: TeamFeedStatus) => void>();
  readonly #clock: Clock;
  readonly #retry: TimerSlot;
  readonly #gapCheck: TimerSlot;
  readonly #cursor: StateFile<z.output<typeof Cursor>>;
  #tracker: TeamSeqTracker | undefined;
  #resumedFrom: number | undefined;
  #client: pg.Client | undefined;
  /** Bumped on every new session and on stop: callbacks of an older session do nothing. */
  #session = 0;
  #attempt = 0;
  /** Notifications heard while catching up, applied (sorted) once the catch-up is done. */
  #held: TeamChange[] = [];
  #problem: TeamProblem | undefined;

  constructor(private readonly options: TeamFeedOptions) {
    this.#clock = options.clock ?? systemClock;
    this.#retry = new TimerSlot(this.#clock);
    this.#gapCheck = new TimerSlot(this.#clock);
    this.#cursor = new StateFile(options.cursorPath);
    this.#machine.onStateChange(() => this.#announce());
    options.outbox.onChange(() => this.#announce());
  }

  status(): TeamFeedStatus {
    return {
      state: this.#machine.state,
      pendingChanges: this.options.outbox.pending,
      refusedWrites: this.options.outbox.refusedCount,
      lastSeq: this.#tracker?.highest ?? -1,
      settledSeq: this.#tracker?.watermark ?? -1,
      ...(this.#problem === undefined ? {} : { problem: this.#problem }),
    };
  }

  onChange(listener: (change: TeamChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onStatus(listener: (status: TeamFeedStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /**
   * The seq this desk's first catch-up started after (undefined before
   * {@link start}). A listener that subscribes once the feed has started may
   * have missed changes since then; it reads them itself from here.
   */
  resumedFrom(): number | undefined {
    return this.#resumedFrom;
  }

  /** Opens the session (and keeps it open) until {@link stop}. */
  async start(): Promise<void> {
    if (!this.#machine.is('offline')) return;
    if (this.#tracker === undefined) {
      // A cursor file that is gone or unreadable only costs a longer catch-up: from the start.
      const stored = Cursor.safeParse(await this.#cursor.read().catch(() => undefined));
      this.#resumedFrom = stored.success ? stored.data.watermark : 0;
      this.#tracker = new TeamSeqTracker(this.#resumedFrom, this.options.gapGraceMs ?? 5_000);
    }
    void this.#connect();
  }

  async stop(): Promise<void> {
    this.#session += 1;
    this.#retry.cancel();
    this.#gapCheck.cancel();
    const client = this.#client;
    this.#client = undefined;
    if (!this.#machine.is('offline')) this.#machine.transition('offline');
    await client?.end().catch(() => undefined);
    await this.#cursor.flush();
  }

  /** Skips the rest of a backoff (the agent typed a new password); anything else is left as it is. */
  retryNow(): void {
    if (!this.#machine.is('reconnecting')) return;
    this.#retry.cancel();
    void this.#connect();
  }

  /**
   * The session while it is live, for statements that need the database now
   * (claims); undefined while connecting, catching up or away. pg runs one
   * statement at a time per session, so these simply queue behind the feed's.
   */
  liveSession(): Pick<pg.ClientBase, 'query'> | undefined {
    return this.#machine.is('live') ? this.#client : undefined;
  }

  /**
   * The session whenever one is open (catching up included), for reading the
   * rows a change names as it is handed out: pg runs them after the feed's own
   * statements. Undefined while connecting or away.
   */
  openSession(): Pick<pg.ClientBase, 'query'> | undefined {
    return this.#machine.is('catching-up', 'live') ? this.#client : undefined;
  }

  /** Queues a write (on disk first) and, while live, writes it at once. */
  async write(write: TeamWrite): Promise<void> {
    await this.writeMany([write]);
  }

  /** The writes the database refused for good, oldest first. */
  refusedWrites(): readonly RefusedWrite[] {
    return this.options.outbox.refused;
  }

  /** Sends a refused write again (the back of the queue; at once while live); false when there is none. */
  async retryRefused(ref: { readonly id: string; readonly at: number }): Promise<boolean> {
    const found = await this.options.outbox.retryRefused(ref);
    if (found && this.#machine.is('live') && this.#client !== undefined) void this.#flush(this.#session, this.#client);
    return found;
  }

  discardRefused(ref: { readonly id: string; readonly at: number }): Promise<boolean> {
    return this.options.outbox.discardRefused(ref);
  }

  /** Queues writes in order, with one save of the outbox, and, while live, writes them at once. */
  async writeMany(writes: readonly TeamWrite[]): Promise<void> {
    await this.options.outbox.addMany(writes);
    if (this.#machine.is('live') && this.#client !== undefined) void this.#flush(this.#session, this.#client);
  }

  async #connect(): Promise<void> {
    const session = ++this.#session;
    this.#machine.transition('connecting');
    this.#held = [];
    let client: pg.Client | undefined;
    try {
      client = new pg.Client(await this.options.config());
      const current = client;
      // Until connect() settles, its rejection carries the reason (a TLS or login refusal); pg's 'end' comes first.
      let open = false;
      current.on('error', (error) => {
        if (open) this.#lost(session, error);
      });
      current.on('end', () => {
        if (open) this.#lost(session, undefined);
      });
      current.on('notification', (message) => this.#notified(session, message));
      await current.connect();
      open = true;
      if (session !== this.#session) return void current.end().catch(() => undefined);
      this.#client = current;
      await current.query(`listen ${TEAM_CHANNEL}`);
      if (session !== this.#session) return;
      this.#machine.transition('catching-up');
      await this.#catchUp(session, current);
      await this.options.outbox.flush(current);
      if (session !== this.#session) return;
      // What was notified during the catch-up and flush, in seq order; the tracker drops what the pages had.
      const held = this.#held.sort((a, b) => a.seq - b.seq);
      this.#held = [];
      this.#apply(held);
      this.#attempt = 0;
      this.#problem = undefined;
      this.#machine.transition('live');
      // A write queued while the flush above finished its last row.
      if (this.options.outbox.pending > 0) void this.#flush(session, current);
    } catch (error: unknown) {
      if (client !== undefined && this.#client !== client) await client.end().catch(() => undefined);
      this.#lost(session, error);
    }
  }

  /** Reads team_changes after the watermark, a page at a time, until a short page. */
  async #catchUp(session: number, client: pg.Client): Promise<void> {
    const pageSize = this.options.pageSize ?? 1_000;
    let after = this.#tracker?.watermark ?? 0;
    for (;;) {
      const result = await client.query(CATCH_UP, [after, pageSize]);
      if (session !== this.#session) return;
      const rows = result.rows.map((row) => ChangeRow.parse(row));
      this.#apply(rows.map((row) => ({ table: row.table_name, id: row.row_id, seq: row.seq })));
      const last = rows.at(-1);
      if (last === undefined || rows.length < pageSize) return;
      after = last.seq;
    }
  }

  #notified(session: number, message: Notification): void {
    if (session !== this.#session || message.channel !== TEAM_CHANNEL) return;
    let change: TeamChange;
    try {
      change = NotifyPayload.parse(JSON.parse(message.payload ?? ''));
    } catch {
      // A payload we cannot read is still a change: the next catch-up reads it from team_changes.
      this.options.log.warn('team: unreadable change notification; catching up from the table');
      this.#scheduleGapCheck(session, 0);
      return;
    }
    if (this.#machine.is('live')) this.#apply([change]);
    else this.#held.push(change);
  }

  #apply(changes: readonly TeamChange[]): void {
    const tracker = this.#tracker;
    if (tracker === undefined) return;
    const before = tracker.watermark;
    const now = this.#clock.now();
    for (const change of changes) {
      if (!tracker.accept(change.seq, now)) continue;
      for (const listener of [...this.#listeners]) {
        try {
          listener(change);
        } catch (error: unknown) {
          this.options.log.error('team: a change listener failed', { table: change.table, error: String(error) });
        }
      }
    }
    if (tracker.watermark !== before) this.#saveCursor(tracker.watermark);
    if (tracker.hasGap) this.#scheduleGapCheck(this.#session, this.options.gapGraceMs ?? 5_000);
    if (changes.length > 0) this.#announce();
  }

  /** Re-reads team_changes after a hole's grace: a late commit is applied, a rollback's hole is settled. */
  #scheduleGapCheck(session: number, ms: number): void {
    if (this.#gapCheck.armed) return;
    this.#gapCheck.arm(ms, () => {
      const client = this.#client;
      if (session !== this.#session || client === undefined) return;
      // Still catching up: that catch-up may fill the hole; look again after it.
      if (!this.#machine.is('live')) return this.#scheduleGapCheck(session, this.options.gapGraceMs ?? 5_000);
      void this.#catchUp(session, client).then(
        () => {
          const tracker = this.#tracker;
          if (tracker?.settle(this.#clock.now()) === true) {
            this.#saveCursor(tracker.watermark);
            this.#announce();
          }
          if (tracker?.hasGap === true) this.#scheduleGapCheck(session, this.options.gapGraceMs ?? 5_000);
        },
        (error: unknown) => this.#lost(session, error),
      );
    });
  }

  async #flush(session: number, client: pg.Client): Promise<void> {
    try {
      const report = await this.options.outbox.flush(client);
      for (const { code } of report.refused) this.options.log.warn('team: the database refused a queued write; it was kept aside', { code });
    } catch (error: unknown) {
      this.#lost(session, error);
    }
  }

  /** The session ended or failed: drop it and try again after a backoff. */
  #lost(session: number, error: unknown): void {
    if (session !== this.#session || this.#machine.is('offline', 'reconnecting')) return;
    this.#session += 1;
    this.#gapCheck.cancel();
    const client = this.#client;
    this.#client = undefined;
    void client?.end().catch(() => undefined);
    this.#problem = problemOf(error);
    this.options.log.warn('team: connection lost; reconnecting', { problem: this.#problem, code: codeOf(error) });
    this.#attempt += 1;
    this.#machine.transition('reconnecting');
    this.#retry.arm(backoffDelay(this.#attempt, this.options.random, this.options.backoff ?? DEFAULT_BACKOFF), () => {
      if (this.#machine.is('reconnecting')) void this.#connect();
    });
  }

  #saveCursor(watermark: number): void {
    this.#cursor.write({ version: 1, watermark }).catch((error: unknown) => {
      this.options.log.warn('team: could not save the change cursor', { code: codeOf(error) });
    });
  }

  #announce(): void {
    const status = this.status();
    for (const listener of [...this.#statusListeners]) listener(status);
  }
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** Sorted by SQLSTATE (RFC-like classes from the PostgreSQL manual, appendix A) and Node's TLS error codes. */
function problemOf(error: unknown): TeamProblem {
  const code = codeOf(error) ?? '';
  const message = error instanceof Error ? error.message : '';
  if (code === '28P01' || code === '28000') return 'credentials-rejected';
  if (code === '42P01') return 'schema-missing';
  if (/CERT|SSL|TLS|SELF_SIGNED|VERIFY/.test(code) || /does not support SSL/.test(message)) return 'certificate-rejected';
  return 'unreachable';
}
