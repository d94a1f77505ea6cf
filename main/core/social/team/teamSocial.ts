import pg from 'pg';
import type { ClientConfig } from 'pg';
import type { Logger } from '../../log/logger';
import { Ingester, type IngestItem, type IngestSource } from '../../team/ingester';
import { systemClock, type Clock } from '../../time/clock';
import type { ChannelConnector, IncomingItem } from '../connector';
import type { TeamSend, TeamSocialLink } from '../teamLink';
import { TeamJournalFeed, type ChangeSource } from './teamJournalFeed';
import { TeamSends } from './teamSends';

export interface TeamSocialOptions {
  /** The agent's session settings (the team feed's), read again for each new connection. */
  readonly config: () => Promise<ClientConfig>;
  readonly feed: ChangeSource;
  readonly log: Logger;
  readonly clock?: Clock;
  /** How often a standby desk asks to become the ingester (default: the ingester's 3 s). */
  readonly ingestRetryMs?: number;
}

/** What the ingester stores for one item: the connector's item itself is the payload every desk's journal reads back. */
export function ingestItemOf(item: IncomingItem): IngestItem {
  return { uri: item.uri, conversationId: item.conversationId, authorDid: item.author.did, at: item.createdAt, payload: item };
}

/** The connector's network stream as the team ingester's source. */
export function ingestSourceOf(connector: ChannelConnector & Required<Pick<ChannelConnector, 'follow'>>): IngestSource {
  return {
    follow: (cursor, onBatch) => connector.follow(cursor, (batch) => onBatch({ cursor: batch.cursor, items: batch.items.map(ingestItemOf) })),
  };
}

/**
 * The social desk's team side (teamLink.ts): one ingester election per
 * account whose connector can follow, the journal filled from the change
 * feed, sends queued once in `social_outbox`. Reads and sends go through a
 * small pool of the agent's own sessions (the feed's session is busy with
 * LISTEN and catch-up, and a transaction must not share it); the ingester
 * keeps its own session, which holds the election's lock.
 */
export class TeamSocial implements TeamSocialLink {
  readonly #ingesters: Ingester[] = [];
  readonly #sends: TeamSends;
  #journalFeed: TeamJournalFeed | undefined;
  #pool: pg.Pool | undefined;

  constructor(private readonly options: TeamSocialOptions) {
    this.#sends = new TeamSends(() => this.#sessions(), options.log);
  }

  async #sessions(): Promise<pg.Pool> {
    if (this.#pool !== undefined) return this.#pool;
    const pool = new pg.Pool({ ...(await this.options.config()), max: 2, idleTimeoutMillis: 30_000 });
    // An idle session dropped by the server is replaced on the next query; it must not crash main.
    pool.on('error', (error) => this.options.log.warn('team: a social session was dropped', { error: error.message }));
    this.#pool ??= pool;
    if (this.#pool !== pool) await pool.end();
    return this.#pool;
  }

  start(connectors: ReadonlyMap<string, ChannelConnector>, deliver: (items: readonly IncomingItem[]) => Promise<void>): void {
    const clock = this.options.clock ?? systemClock;
    this.#journalFeed = new TeamJournalFeed({
      feed: this.options.feed,
      pool: () => this.#sessions(),
      accounts: new Set(connectors.keys()),
      deliver,
      log: this.options.log,
      clock,
    });
    this.#journalFeed.start();
    for (const [accountId, connector] of connectors) {
      if (!hasFollow(connector)) {
        this.options.log.warn('social: this network cannot feed a team; its account is not ingested', { network: connector.network });
        continue;
      }
      const ingester = new Ingester({
        accountId,
        config: this.options.config,
        source: ingestSourceOf(connector),
        log: this.options.log,
        clock,
        ...(this.options.ingestRetryMs === undefined ? {} : { retryMs: this.options.ingestRetryMs }),
      });
      this.#ingesters.push(ingester);
      ingester.start();
    }
  }

  /** Each account's election state on this desk (for tests and diagnostics). */
  ingesterStates(): string[] {
    return this.#ingesters.map((ingester) => ingester.state);
  }

  queueSend(send: TeamSend): Promise<number> {
    return this.#sends.queue(send);
  }

  sent(clientId: string, item: IncomingItem | null): Promise<void> {
    return this.#sends.sent(clientId, item);
  }

  failed(clientId: string): Promise<void> {
    return this.#sends.failed(clientId);
  }

  async dispose(): Promise<void> {
    // The ingesters first: a desk that quits hands the lead over at once (its lock ends with its session).
    await Promise.all(this.#ingesters.map((ingester) => ingester.stop()));
    await this.#journalFeed?.stop();
    await this.#pool?.end().catch(() => undefined);
  }
}

const hasFollow = (connector: ChannelConnector): connector is ChannelConnector & Required<Pick<ChannelConnector, 'follow'>> =>
  typeof connector.follow === 'function';
