import type { OutboxEntry } from '@tandem/contract';
import type { Logger } from '../log/logger';
import { TimerSlot, type Clock } from '../time/clock';
import { backoffDelay, type BackoffPolicy } from '../time/backoff';
import { SendFailure, type SendOperation, type SendResult } from './connector';
import type { StateFile } from '../storage/stateFile';

/** An outbox entry with what it needs to be sent again after a restart. */
export interface OutboxRecord extends OutboxEntry {
  readonly op: SendOperation;
  nextAttemptAt: number;
}

export interface OutboxDeps {
  readonly file: StateFile<OutboxRecord[]>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly backoff: BackoffPolicy;
  readonly random?: () => number;
  /** Whether the account's connector can send now (it is live); otherwise wait for `kick`. */
  readonly ready: (accountId: string) => boolean;
  readonly send: (accountId: string, op: SendOperation) => Promise<SendResult>;
  /** Every change of an entry (for `social:outbox`). */
  readonly onChange: (entry: OutboxEntry) => void;
  /** A send succeeded (the desk journals the sent item). */
  readonly onSent: (accountId: string, result: SendResult, clientId: string) => Promise<void>;
  /** How many sent likes, and separately how many sent replies and messages, are remembered (default {@link KEEP_SENT}). */
  readonly keepSent?: number;
}

/**
 * How many sent entries are remembered: for de-duplication of a repeated
 * clientId, and, for likes, as the record that the brand liked a post (a like
 * has no journal item, so a window reads its liked state from here after a
 * reload or a restart). Likes are counted apart from replies and messages, so
 * a busy day of replies never makes the desk forget what it liked.
 */
const KEEP_SENT = 2_000;

const publicEntry = ({ clientId, accountId, kind, state, attempts, uri, lastErrorKey }: OutboxRecord): OutboxEntry => ({
  clientId,
  accountId,
  kind,
  state,
  attempts,
  uri,
  lastErrorKey,
});

/**
 * The persisted outbox for replies, private messages and likes.
 *
 * - Never lost: an entry is written to disk before `enqueue` resolves and
 *   before each attempt; on start, entries still queued or caught mid-send
 *   are sent again.
 * - Never doubled: a clientId enqueued twice is the same entry, and every
 *   attempt carries the same idempotency key (`op.key` + `op.createdAt`), so
 *   a connector can recognise an earlier attempt that did reach the server.
 * - Retried: a failure the connector marks as retryable waits a jittered
 *   backoff (the softphone's policy); a permanent one ends in `failed`.
 *
 * Entries of one account are sent one at a time in the order they were
 * queued, so an agent's two replies never arrive swapped.
 */
export class Outbox {
  readonly #records: OutboxRecord[];
  readonly #timers = new Map<string, TimerSlot>();
  readonly #busy = new Set<string>();
  #disposed = false;

  private constructor(
    private readonly deps: OutboxDeps,
    records: OutboxRecord[],
  ) {
    this.#records = records;
  }

  static async open(deps: OutboxDeps): Promise<Outbox> {
    const stored = (await deps.file.read()) ?? [];
    // An entry caught in "sending" may or may not have reached the server: send it again under the same key.
    const records = stored.map((record) => (record.state === 'sending' ? { ...record, state: 'queued' as const } : record));
    return new Outbox(deps, records);
  }

  /**
   * What a window is told on load (`social:getState`): every entry not yet
   * sent (queued, sending, failed), and every sent like. A sent reply or
   * message shows from the journal, where its item is; a like has no item, so
   * its sent entry is what makes the post read "Liked" after a reload.
   */
  entries(): OutboxEntry[] {
    return this.#records.filter((record) => record.state !== 'sent' || record.kind === 'like').map(publicEntry);
  }

  find(clientId: string): OutboxEntry | undefined {
    const record = this.#records.find((candidate) => candidate.clientId === clientId);
    return record === undefined ? undefined : publicEntry(record);
  }

  /** Stores the send (durably) and schedules it; a known clientId returns its entry unchanged. */
  async enqueue(accountId: string, op: SendOperation): Promise<OutboxEntry> {
    const known = this.#records.find((record) => record.clientId === op.key);
    if (known !== undefined && known.state !== 'failed') return publicEntry(known);
    if (known !== undefined) {
      // The agent pressed Retry: the same record goes round again, with the same record key, so it still can't double.
      known.state = 'queued';
      known.lastErrorKey = null;
      known.nextAttemptAt = op.createdAt;
      await this.#persist();
      const entry = publicEntry(known);
      this.deps.onChange(entry);
      this.kick(accountId);
      return entry;
    }
    const record: OutboxRecord = {
      clientId: op.key,
      accountId,
      kind: op.kind,
      state: 'queued',
      attempts: 0,
      uri: null,
      lastErrorKey: null,
      op,
      nextAttemptAt: op.createdAt,
    };
    this.#records.push(record);
    await this.#persist();
    const entry = publicEntry(record);
    this.deps.onChange(entry);
    this.kick(accountId);
    return entry;
  }

  /** Try the account's queue now (its connector just went live), ignoring backoff waits. */
  kick(accountId?: string): void {
    const accounts = accountId === undefined ? new Set(this.#records.map((record) => record.accountId)) : new Set([accountId]);
    for (const account of accounts) {
      for (const record of this.#records) if (record.accountId === account && record.state === 'queued') record.nextAttemptAt = 0;
      void this.#drain(account);
    }
  }

  async #drain(accountId: string): Promise<void> {
    if (this.#disposed || this.#busy.has(accountId)) return;
    const next = this.#records.find((record) => record.accountId === accountId && record.state === 'queued');
    if (next === undefined || !this.deps.ready(accountId)) return;
    const wait = next.nextAttemptAt - this.deps.clock.now();
    if (wait > 0) {
      this.#timer(accountId).arm(wait, () => void this.#drain(accountId));
      return;
    }
    this.#busy.add(accountId);
    try {
      await this.#attempt(next);
    } finally {
      this.#busy.delete(accountId);
    }
    void this.#drain(accountId);
  }

  async #attempt(record: OutboxRecord): Promise<void> {
    record.state = 'sending';
    record.attempts += 1;
    // On disk before it goes out: a crash from here on resends under the same key.
    await this.#persist();
    this.deps.onChange(publicEntry(record));
    try {
      const result = await this.deps.send(record.accountId, record.op);
      record.state = 'sent';
      record.uri = result.uri;
      record.lastErrorKey = null;
      await this.#persist();
      this.deps.onChange(publicEntry(record));
      await this.deps.onSent(record.accountId, result, record.clientId).catch((error: unknown) => {
        this.deps.log.warn('social outbox: could not journal a sent item', { error: String(error) });
      });
    } catch (error: unknown) {
      const failure = error instanceof SendFailure ? error : new SendFailure(true, 'social.errors.sendFailed', String(error));
      record.lastErrorKey = failure.messageKey;
      if (failure.retry) {
        record.state = 'queued';
        record.nextAttemptAt = this.deps.clock.now() + backoffDelay(record.attempts, this.deps.random, this.deps.backoff);
      } else {
        record.state = 'failed';
      }
      this.deps.log.warn('social outbox: send failed', {
        kind: record.kind,
        attempts: record.attempts,
        retry: failure.retry,
        key: failure.messageKey,
        detail: failure.message,
      });
      await this.#persist();
      this.deps.onChange(publicEntry(record));
    }
  }

  #timer(accountId: string): TimerSlot {
    let slot = this.#timers.get(accountId);
    if (slot === undefined) {
      slot = new TimerSlot(this.deps.clock);
      this.#timers.set(accountId, slot);
    }
    return slot;
  }

  async #persist(): Promise<void> {
    const keep = this.deps.keepSent ?? KEEP_SENT;
    const sent = this.#records.filter((record) => record.state === 'sent');
    const likes = sent.filter((record) => record.kind === 'like');
    const posts = sent.filter((record) => record.kind !== 'like');
    // The oldest sent entries of each group beyond what is kept.
    const drop = new Set([...likes.slice(0, Math.max(0, likes.length - keep)), ...posts.slice(0, Math.max(0, posts.length - keep))]);
    if (drop.size > 0) {
      for (let index = this.#records.length - 1; index >= 0; index -= 1) {
        const record = this.#records[index];
        if (record !== undefined && drop.has(record)) this.#records.splice(index, 1);
      }
    }
    await this.deps.file.write(this.#records);
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    for (const slot of this.#timers.values()) slot.cancel();
    await this.deps.file.flush();
  }
}
