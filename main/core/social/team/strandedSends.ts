import type { Pool } from 'pg';
import * as z from 'zod';
import type { Logger } from '../../log/logger';
import { TimerSlot, type Clock } from '../../time/clock';
import type { AdoptedSend } from '../teamLink';
import type { ChangeSource } from './teamJournalFeed';

export interface StrandedSendsOptions {
  readonly feed: ChangeSource;
  readonly pool: () => Promise<Pick<Pool, 'query'>>;
  /** The accounts this desk looks after right now: those whose ingester it leads (one desk per account does this). */
  readonly accounts: () => readonly string[];
  /** Hands a row this desk took over to its outbox. */
  readonly adopt: (send: AdoptedSend) => Promise<void>;
  readonly log: Logger;
  readonly clock: Clock;
  /** How often to look when nothing in the feed says to (a lease runs out without a change; default 5 s). */
  readonly scanMs?: number;
}

export const DEFAULT_STRANDED_SCAN_MS = 5_000;
const BATCH = 20;

/**
 * Pending rows whose author's desk is gone: no session of theirs in the
 * database, and nobody else holds a live claim on the conversation (the
 * author's lease ran out or was released). Rows queued before migration 0005
 * have no target and stay with their desk.
 */
const STRANDED = `
  select o.id, o.author, o.kind, o.text, o.target, o.created_at, c.account_id
    from social_outbox o join conversations c on c.id = o.conversation_id
   where o.state = 'pending' and o.target is not null and o.author <> current_user::text
     and c.account_id = any($1::text[])
     and (c.handler is null or c.handler = current_user::text or c.lease_until < now())
     and not exists (select from pg_catalog.pg_stat_activity a where a.usename = o.author)
   order by o.created_at
   limit ${BATCH}`;

/**
 * The conditional UPDATE that makes a row ours (row-level security,
 * `take_over_send` in migration 0005, checks the same conditions again). It
 * names the author we saw: of two desks racing for the row, the second finds
 * the author changed and takes nothing.
 */
const TAKE_OVER = `update social_outbox set author = current_user where id = $1 and author = $2 and state = 'pending' returning id`;

const StrandedRow = z.object({
  id: z.string(),
  author: z.string(),
  kind: z.enum(['reply', 'message']),
  text: z.string(),
  target: z.string(),
  created_at: z.date(),
  account_id: z.string(),
});

/**
 * A desk that dies between queueing a reply in `social_outbox` and marking it
 * sent leaves the row pending; only its own outbox (on its disk) would retry
 * it. The desk that leads an account's ingester looks for such rows (at each
 * change of a conversation or an outbox row, and every few seconds), takes
 * each over with one conditional UPDATE and sends it from its own outbox
 * under the row's id and creation time. The record key is therefore the dead
 * desk's: a reply the dead desk did post is found at that key and marked
 * sent, not posted again. Messages have no key; the sender's check of the
 * conversation's recent messages (bluesky/sending.ts) stands in for it.
 */
export class StrandedSends {
  readonly #timer: TimerSlot;
  readonly #off: (() => void)[] = [];
  #scanning: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  constructor(private readonly options: StrandedSendsOptions) {
    this.#timer = new TimerSlot(options.clock);
  }

  start(): void {
    this.#off.push(
      this.options.feed.onChange((change) => {
        if (change.table === 'conversations' || change.table === 'social_outbox') this.scan();
      }),
      this.options.feed.onStatus((status) => {
        if (status.state === 'live') this.scan();
      }),
    );
    this.#arm();
  }

  /** Looks now (a scan already running looks once more when it ends). */
  scan(): void {
    if (this.#stopped) return;
    if (this.#scanning !== undefined) {
      this.#again = true;
      return;
    }
    this.#scanning = this.#scanOnce().finally(() => {
      this.#scanning = undefined;
      if (this.#again) {
        this.#again = false;
        this.scan();
      }
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer.cancel();
    for (const off of this.#off.splice(0)) off();
    while (this.#scanning !== undefined) await this.#scanning;
  }

  #arm(): void {
    if (this.#stopped) return;
    this.#timer.arm(this.options.scanMs ?? DEFAULT_STRANDED_SCAN_MS, () => {
      this.scan();
      this.#arm();
    });
  }

  async #scanOnce(): Promise<void> {
    const accounts = this.options.accounts();
    if (accounts.length === 0) return;
    try {
      const pool = await this.options.pool();
      const found = await pool.query(STRANDED, [accounts]);
      for (const raw of found.rows) {
        if (this.#stopped) return;
        const row = StrandedRow.parse(raw);
        const taken = await pool.query(TAKE_OVER, [row.id, row.author]);
        if (taken.rowCount !== 1) continue;
        this.options.log.info('team: took over a send whose desk stopped before sending it', { kind: row.kind, from: row.author });
        const { id, kind, text, target } = row;
        await this.options.adopt({ id, kind, text, target, accountId: row.account_id, createdAt: row.created_at.getTime() });
      }
    } catch (error: unknown) {
      // The next change or the timer looks again: a row left pending is not lost, only later.
      this.options.log.warn('team: could not look for sends left by a stopped desk', { error: String(error) });
    }
  }
}
