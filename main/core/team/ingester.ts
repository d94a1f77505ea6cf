import pg from 'pg';
import type { ClientConfig } from 'pg';
import * as z from 'zod';
import type { Logger } from '../log/logger';
import { systemClock, TimerSlot, type Clock } from '../time/clock';
import { IngesterMachine, type IngesterState } from './ingesterMachine';

/**
 * One desk per brand account follows the network and writes what arrives
 * into the team database (issue 11, "One ingester per team"). Every desk runs
 * an {@link Ingester}; the desk whose session wins the advisory lock leads,
 * the others stand by and ask again every {@link DEFAULT_STANDBY_RETRY_MS}.
 * The lock ends with the leader's session (it quit, crashed, or the server
 * dropped it), so another desk leads within one retry period.
 *
 * The new leader reads `ingest_cursor` under the lock and follows the network
 * from there; each batch's items, their conversations and the cursor are
 * written in one transaction, so a leader that dies mid-batch leaves the
 * cursor at the last batch that is fully in: the next leader replays the rest,
 * and `ON CONFLICT (uri) DO NOTHING` makes a replay (or a second ingester)
 * harmless. The network is an injected {@link IngestSource}: this module does
 * not know Bluesky.
 */

export const DEFAULT_STANDBY_RETRY_MS = 3_000;

/** One post or message as the network gave it, ready for `social_items`. */
export interface IngestItem {
  /** The network's URI of the item: its identity in `social_items`. */
  readonly uri: string;
  readonly conversationId: string;
  /** The item's author; recorded on the conversation when this item opens it. */
  readonly authorDid: string | null;
  /** When it was posted (ms since the epoch): orders the conversation and moves its `last_item_at`. */
  readonly at: number;
  /** What a desk shows: anything JSON can carry. */
  readonly payload: unknown;
}

/** What arrived since the previous batch, and the cursor that resumes right after it. */
export interface IngestBatch {
  readonly items: readonly IngestItem[];
  readonly cursor: string;
}

/** Stops following; resolves once `onBatch` will not be called again. */
export type StopFollowing = () => Promise<void>;

/**
 * The network side. `follow` starts at `cursor` (null: wherever the network
 * starts a new follower) and hands batches to `onBatch` one at a time: the
 * next only once the previous one's promise has settled. A rejected `onBatch`
 * means this desk no longer leads: the source must deliver nothing more.
 * Reconnecting to the network after a drop is the source's own business.
 */
export interface IngestSource {
  follow(cursor: string | null, onBatch: (batch: IngestBatch) => Promise<void>): StopFollowing;
}

export interface IngesterOptions {
  /** The brand account this ingester follows, e.g. "bluesky:acme.example". */
  readonly accountId: string;
  /**
   * Which of the account's streams: its public posts (`firehose`, the default) or its private messages (`chat`,
   * the chat service's log). Each stream has its own election and its own stored cursor (migration 0005).
   */
  readonly stream?: IngestStream;
  /** The session's settings, read again for every connection (the password may have been typed meanwhile). */
  readonly config: () => Promise<ClientConfig>;
  readonly source: IngestSource;
  readonly log: Logger;
  /** How long a standby desk waits before asking for the lock again (default 3 s; failover takes at most this plus a connect). */
  readonly retryMs?: number;
  readonly clock?: Clock;
}

type Queryable = Pick<pg.ClientBase, 'query'>;

export type IngestStream = 'firehose' | 'chat';

/** What the administrator sees in pg_stat_activity for this session. */
export const INGESTER_APPLICATION_NAME = 'tandem ingester';
// The firehose keeps the lock name it had before streams existed, so desks of both versions elect one leader.
const TRY_LOCK =
  "select pg_try_advisory_lock(hashtext('tandem:ingest:' || $1::text || case when $2::text = 'firehose' then '' else ':' || $2::text end)) as locked";
const LockRow = z.object({ locked: z.boolean() });
const CursorRow = z.object({ cursor: z.string() });

/** The stored cursor of the account's stream, or null when nobody has ingested it yet. */
export async function readIngestCursor(db: Queryable, accountId: string, stream: IngestStream = 'firehose'): Promise<string | null> {
  const found = await db.query('select cursor from ingest_cursor where account_id = $1 and stream = $2', [accountId, stream]);
  return found.rows[0] === undefined ? null : CursorRow.parse(found.rows[0]).cursor;
}

export async function writeIngestCursor(db: Queryable, accountId: string, cursor: string, stream: IngestStream = 'firehose'): Promise<void> {
  await db.query(
    `insert into ingest_cursor (account_id, stream, cursor) values ($1, $3, $2)
     on conflict (account_id, stream) do update set cursor = excluded.cursor`,
    [accountId, cursor, stream],
  );
}

/**
 * Whether the database refused the batch's content (SQLSTATE class 22, data
 * exception, e.g. a NUL in a payload; class 23, a constraint), not the
 * session: writing it again cannot succeed, so the batch is skipped.
 */
export function isBadBatch(error: unknown): boolean {
  const code = codeOf(error) ?? '';
  return code.startsWith('22') || code.startsWith('23');
}

/**
 * Writes one batch in one transaction: the items (an item already there is
 * left as it is), the arrival in each conversation (through
 * `record_conversation_item`, which may create the conversation or move its
 * `last_item_at` forward even while another agent handles it) and the cursor.
 */
export async function writeIngestBatch(db: Queryable, accountId: string, batch: IngestBatch, stream: IngestStream = 'firehose'): Promise<void> {
  const uris = batch.items.map((item) => item.uri);
  const conversations = batch.items.map((item) => item.conversationId);
  const authors = batch.items.map((item) => item.authorDid);
  const times = batch.items.map((item) => new Date(item.at).toISOString());
  const payloads = batch.items.map((item) => JSON.stringify(item.payload));
  await db.query('begin');
  try {
    await db.query(
      `insert into social_items (uri, conversation_id, account_id, payload, created_at)
       select uri, conversation_id, $1, payload, at
         from unnest($2::text[], $3::text[], $4::jsonb[], $5::timestamptz[]) as item (uri, conversation_id, payload, at)
       on conflict (uri) do nothing`,
      [accountId, uris, conversations, payloads, times],
    );
    // In posting order, so the first item of a new conversation is the one that names its author.
    await db.query(
      `select record_conversation_item(conversation_id, $1, author_did, at)
         from (select * from unnest($2::text[], $3::text[], $4::timestamptz[]) as item (conversation_id, author_did, at) order by at) as ordered`,
      [accountId, conversations, authors, times],
    );
    await writeIngestCursor(db, accountId, batch.cursor, stream);
    await db.query('commit');
  } catch (error: unknown) {
    await db.query('rollback').catch(() => undefined);
    throw error;
  }
}

/**
 * This desk's ingester for one account (states: ingesterMachine.ts). It owns
 * one session: the lock is taken on it and every batch is written on it, so
 * only the lock's holder can write and a killed session stops its writes too.
 * A standby desk keeps its session open between tries: one idle connection
 * per desk costs less than a login every few seconds.
 */
export class Ingester {
  readonly #machine = new IngesterMachine();
  readonly #retry: TimerSlot;
  #client: pg.Client | undefined;
  #stopFollowing: StopFollowing | undefined;
  /** The batch being written (batches are written one after another). */
  #writing: Promise<void> = Promise.resolve();
  /** Bumped when a session is lost and on stop: callbacks of an older session do nothing. */
  #session = 0;

  constructor(private readonly options: IngesterOptions) {
    this.#retry = new TimerSlot(options.clock ?? systemClock);
  }

  get #stream(): IngestStream {
    return this.options.stream ?? 'firehose';
  }

  get stream(): IngestStream {
    return this.#stream;
  }

  get accountId(): string {
    return this.options.accountId;
  }

  get state(): IngesterState {
    return this.#machine.state;
  }

  onStateChange(listener: (to: IngesterState, from: IngesterState) => void): () => void {
    return this.#machine.onStateChange(listener);
  }

  /** Joins the election (tries at once); idempotent. */
  start(): void {
    if (this.#machine.is('stopped')) void this.#acquire();
  }

  /** Leaves the election: stops following, lets the last batch settle and ends the session (the lock goes with it). */
  async stop(): Promise<void> {
    if (this.#machine.is('stopped', 'releasing')) return;
    this.#session += 1;
    this.#retry.cancel();
    if (this.#machine.is('standby')) {
      this.#dropClient();
      this.#machine.transition('stopped');
      return;
    }
    this.#machine.transition('releasing');
    this.options.log.info('team: this desk stops ingesting the account', { accountId: this.options.accountId });
    const stopFollowing = this.#stopFollowing;
    this.#stopFollowing = undefined;
    await stopFollowing?.().catch(() => undefined);
    await this.#writing;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
    this.#machine.transition('stopped');
  }

  async #acquire(): Promise<void> {
    this.#machine.transition('acquiring');
    const session = this.#session;
    try {
      const client = this.#client ?? (await this.#connect(session));
      if (session !== this.#session) return;
      const won = LockRow.parse((await client.query(TRY_LOCK, [this.options.accountId, this.#stream])).rows[0]);
      if (session !== this.#session) return;
      if (!won.locked) return this.#standBy();
      const cursor = await readIngestCursor(client, this.options.accountId, this.#stream);
      if (session !== this.#session) return;
      this.options.log.info('team: this desk ingests the account', { accountId: this.options.accountId, stream: this.#stream });
      this.#machine.transition('leading');
      this.#stopFollowing = this.options.source.follow(cursor, (batch) => this.#write(session, client, batch));
    } catch (error: unknown) {
      if (session !== this.#session) return;
      this.#lost(session, error);
    }
  }

  async #connect(session: number): Promise<pg.Client> {
    const client = new pg.Client({ ...(await this.options.config()), application_name: INGESTER_APPLICATION_NAME });
    let open = false;
    // Before connect: a session killed while idle must not crash the process, only end this session.
    client.on('error', (error) => {
      if (open) this.#lost(session, error);
    });
    client.on('end', () => {
      if (open) this.#lost(session, undefined);
    });
    await client.connect();
    if (session !== this.#session) {
      await client.end().catch(() => undefined);
      throw new Error('ingester stopped while connecting');
    }
    open = true;
    this.#client = client;
    return client;
  }

  #write(session: number, client: pg.Client, batch: IngestBatch): Promise<void> {
    const written = this.#writing.then(async () => {
      if (session !== this.#session) throw new Error('this desk no longer ingests the account');
      try {
        await writeIngestBatch(client, this.options.accountId, batch, this.#stream);
      } catch (error: unknown) {
        if (!isBadBatch(error)) throw error;
        // Replaying it would fail the same way and wedge the account: log it, move the cursor past it, go on.
        this.options.log.error('team: the database refused a batch of social items; it was skipped', {
          accountId: this.options.accountId,
          code: codeOf(error),
          items: batch.items.length,
          cursor: batch.cursor,
        });
        await writeIngestCursor(client, this.options.accountId, batch.cursor, this.#stream);
      }
    });
    this.#writing = written.catch(() => undefined);
    return written.catch((error: unknown) => {
      this.#lost(session, error);
      throw error;
    });
  }

  /** The session ended or failed: whatever it held is gone; stand by and try again. */
  #lost(session: number, error: unknown): void {
    if (session !== this.#session) return;
    this.#session += 1;
    const stopFollowing = this.#stopFollowing;
    this.#stopFollowing = undefined;
    void stopFollowing?.().catch(() => undefined);
    this.#dropClient();
    if (this.#machine.is('leading', 'acquiring')) {
      this.options.log.warn('team: the ingester session was lost; standing by', { accountId: this.options.accountId, code: codeOf(error) });
      this.#standBy();
    }
  }

  #standBy(): void {
    this.#machine.transition('standby');
    this.#retry.arm(this.options.retryMs ?? DEFAULT_STANDBY_RETRY_MS, () => {
      if (this.#machine.is('standby')) void this.#acquire();
    });
  }

  #dropClient(): void {
    const client = this.#client;
    this.#client = undefined;
    void client?.end().catch(() => undefined);
  }
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};
