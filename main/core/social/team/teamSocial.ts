import pg from 'pg';
import type { ClientConfig } from 'pg';
import type { Logger } from '../../log/logger';
import { Ingester, type IngestItem, type IngestSource, type IngestStream } from '../../team/ingester';
import { systemClock, type Clock } from '../../time/clock';
import type { ChannelConnector, IncomingItem } from '../connector';
import type { AdoptedSend, TeamSend, TeamSocialLink } from '../teamLink';
import { StrandedSends } from './strandedSends';
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
  /** How often the leading desk looks for sends a stopped desk left pending when no change says to (default 5 s). */
  readonly strandedScanMs?: number;
}

/** What the ingester stores for one item: the connector's item itself is the payload every desk's journal reads back. */
export function ingestItemOf(item: IncomingItem): IngestItem {
  return { uri: item.uri, conversationId: item.conversationId, authorDid: item.author.did, at: item.createdAt, payload: item };
}

type Follow = NonNullable<ChannelConnector['follow']>;

/** One of the connector's streams (its posts' `follow`, its messages' `followChat`) as a team ingester's source. */
export function ingestSourceOf(follow: Follow): IngestSource {
  return {
    follow: (cursor, onBatch) => follow(cursor, (batch) => onBatch({ cursor: batch.cursor, items: batch.items.map(ingestItemOf) })),
  };
}

/**
 * The social desk's team side (teamLink.ts): one ingester election per
 * account whose connector can follow, and one more for its private messages
 * when it can follow the chat log; the journal filled from the change feed
 * (posts and messages alike); sends queued once in `social_outbox`; the
 * desk leading an account's ingester sends what a stopped desk left pending
 * (strandedSends.ts). Reads and sends go through a
 * small pool of the agent's own sessions (the feed's session is busy with
 * LISTEN and catch-up, and a transaction must not share it); the ingester
 * keeps its own session, which holds the election's lock.
 */
export class TeamSocial implements TeamSocialLink {
  readonly #ingesters: Ingester[] = [];
  readonly #sends: TeamSends;
  #journalFeed: TeamJournalFeed | undefined;
  #stranded: StrandedSends | undefined;
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

  start(
    connectors: ReadonlyMap<string, ChannelConnector>,
    deliver: (items: readonly IncomingItem[]) => Promise<void>,
    adopt: (send: AdoptedSend) => Promise<void>,
  ): void {
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
      if (connector.follow === undefined) {
        this.options.log.warn('social: this network cannot feed a team; its account is not ingested', { network: connector.network });
        continue;
      }
      this.#elect(accountId, 'firehose', connector.follow.bind(connector), clock);
      // Messages are shared only where the account has them (a chat service configured) and the network can follow them.
      if (connector.capabilities.privateMessage && connector.followChat !== undefined)
        this.#elect(accountId, 'chat', connector.followChat.bind(connector), clock);
    }
    this.#stranded = new StrandedSends({
      feed: this.options.feed,
      pool: () => this.#sessions(),
      accounts: () =>
        this.#ingesters.filter((ingester) => ingester.stream === 'firehose' && ingester.state === 'leading').map((ingester) => ingester.accountId),
      adopt,
      log: this.options.log,
      clock,
      ...(this.options.strandedScanMs === undefined ? {} : { scanMs: this.options.strandedScanMs }),
    });
    this.#stranded.start();
  }

  #elect(accountId: string, stream: IngestStream, follow: Follow, clock: Clock): void {
    const ingester = new Ingester({
      accountId,
      stream,
      config: this.options.config,
      source: ingestSourceOf(follow),
      log: this.options.log,
      clock,
      ...(this.options.ingestRetryMs === undefined ? {} : { retryMs: this.options.ingestRetryMs }),
    });
    this.#ingesters.push(ingester);
    ingester.start();
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
    await this.#stranded?.stop();
    await this.#journalFeed?.stop();
    await this.#pool?.end().catch(() => undefined);
  }
}
