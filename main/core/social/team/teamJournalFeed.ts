import type { Pool } from 'pg';
import { SocialItem } from '@tandem/contract';
import type { Logger } from '../../log/logger';
import { TimerSlot, type Clock } from '../../time/clock';
import type { TeamChange, TeamFeedStatus } from '../../team/teamFeed';
import type { IncomingItem } from '../connector';

/** A social item as the ingester stored it in `social_items.payload`: the connector's item, before the journal numbers it. */
export const StoredItem = SocialItem.omit({ seq: true });

/** The part of the team feed this module listens to. */
export interface ChangeSource {
  onChange(listener: (change: TeamChange) => void): () => void;
  onStatus(listener: (status: TeamFeedStatus) => void): () => void;
  /** Where the feed's first catch-up started (teamFeed.ts); undefined while it has not started. */
  resumedFrom?(): number | undefined;
}

export interface TeamJournalFeedOptions {
  readonly feed: ChangeSource;
  readonly pool: () => Promise<Pick<Pool, 'query'>>;
  /** The accounts this desk serves: items of other brand accounts in the team stay out of its inbox. */
  readonly accounts: ReadonlySet<string>;
  readonly deliver: (items: readonly IncomingItem[]) => Promise<void>;
  readonly log: Logger;
  readonly clock: Clock;
  /** How long to wait before reading again after a failed read (default 2 s). */
  readonly retryMs?: number;
}

const PAGE = 500;

/**
 * Every desk's inbox, the ingester's own included, is filled from the team
 * change feed: a NOTIFY (or a catch-up row) for `social_items` is only a
 * hint naming a URI; the item itself is read by SELECT, in the team's order
 * (seq), and handed to the journal, which keeps each URI once. A read that
 * fails (the database away) keeps the URIs and tries again after a pause or
 * when the feed is live again, so nothing announced is lost.
 */
export class TeamJournalFeed {
  readonly #pending = new Set<string>();
  readonly #retry: TimerSlot;
  readonly #off: (() => void)[] = [];
  #draining: Promise<void> | undefined;
  #backfilling: Promise<void> | undefined;
  #stopped = false;

  constructor(private readonly options: TeamJournalFeedOptions) {
    this.#retry = new TimerSlot(options.clock);
  }

  start(): void {
    this.#off.push(
      this.options.feed.onChange((change) => {
        if (change.table !== 'social_items') return;
        this.#pending.add(change.id);
        this.#drain();
      }),
      this.options.feed.onStatus((status) => {
        if (status.state === 'live' && this.#pending.size > 0) this.#drain();
      }),
    );
    // The team service starts its feed before the social desk opens: its first catch-up may be over already.
    const from = this.options.feed.resumedFrom?.();
    if (from !== undefined) this.#backfilling = this.#backfill(from);
  }

  /** Announces, as the catch-up would have, the desk's items written after `from` (the journal keeps each URI once). */
  async #backfill(from: number): Promise<void> {
    try {
      const pool = await this.options.pool();
      const found = await pool.query('select uri from social_items where seq > $1 and account_id = any($2::text[]) order by seq', [
        from,
        [...this.options.accounts],
      ]);
      for (const row of found.rows as { uri: string }[]) this.#pending.add(row.uri);
      this.#drain();
    } catch (error: unknown) {
      if (this.#stopped) return;
      this.options.log.warn('team: could not read the social items written while this desk started; trying again', { code: codeOf(error) });
      this.#retry.arm(this.options.retryMs ?? 2_000, () => {
        this.#backfilling = this.#backfill(from);
      });
    }
  }

  /** Resolves once what was announced so far has been read (or has failed to be, for now). */
  async settled(): Promise<void> {
    await this.#backfilling;
    while (this.#draining !== undefined) await this.#draining;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#retry.cancel();
    for (const off of this.#off.splice(0)) off();
    await this.settled();
  }

  #drain(): void {
    if (this.#draining !== undefined || this.#stopped) return;
    this.#draining = this.#readAll().finally(() => {
      this.#draining = undefined;
    });
  }

  async #readAll(): Promise<void> {
    while (this.#pending.size > 0 && !this.#stopped) {
      const uris = [...this.#pending].slice(0, PAGE);
      let rows: unknown[];
      try {
        const pool = await this.options.pool();
        rows = (await pool.query('select account_id, payload from social_items where uri = any($1::text[]) order by seq', [uris])).rows;
      } catch (error: unknown) {
        this.options.log.warn('team: could not read new social items; trying again', { code: codeOf(error) });
        this.#retry.arm(this.options.retryMs ?? 2_000, () => this.#drain());
        return;
      }
      const items: IncomingItem[] = [];
      for (const row of rows) {
        const parsed = StoredItem.safeParse((row as { payload?: unknown }).payload);
        if (!parsed.success) {
          this.options.log.warn('team: skipped a social item this desk cannot read');
          continue;
        }
        if (this.options.accounts.has(parsed.data.accountId)) items.push(parsed.data);
      }
      // Rows gone meanwhile (deleted) are done too: nothing to show.
      for (const uri of uris) this.#pending.delete(uri);
      if (items.length === 0) continue;
      try {
        await this.options.deliver(items);
      } catch (error: unknown) {
        // The journal could not store them: read them again later rather than lose them.
        for (const item of items) this.#pending.add(item.uri);
        this.options.log.warn('team: could not journal new social items; trying again', { error: String(error) });
        this.#retry.arm(this.options.retryMs ?? 2_000, () => this.#drain());
        return;
      }
    }
  }
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};
