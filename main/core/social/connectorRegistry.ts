import type { SocialAccount } from '../profile/profileSchema';
import type { Clock } from '../time/clock';
import type { Logger } from '../log/logger';
import type { ChannelConnector, ConnectorSink } from './connector';

/** What the desk gives a connector factory for one configured account. */
export interface ConnectorContext {
  /** The account's entry in the profile (no secret: the password comes from `password()`). */
  readonly account: SocialAccount;
  readonly network: string;
  readonly handle: string;
  /** The account's service URL from the profile. */
  readonly service: string;
  /** `network:handle`. */
  readonly accountId: string;
  /** Read at every login, so a changed password is picked up by `reconnect()`. */
  readonly password: () => Promise<string | undefined>;
  readonly sink: ConnectorSink;
  /** A directory private to this account, or undefined to keep state in memory. */
  readonly dataDir: string | undefined;
  readonly log: Logger;
  readonly clock: Clock;
  /** Network-specific options that are not (yet) in the profile, e.g. a chat service URL. */
  readonly options: Readonly<Record<string, unknown>>;
  /**
   * Who follows the network: `journal` (default, a solo desk) — the connector
   * itself, into the sink; `ingester` (a team desk) — only the team's elected
   * ingester, through `follow`, while the connector stays logged in to send
   * and read.
   */
  readonly receive?: 'journal' | 'ingester';
}

export type ConnectorFactory = (context: ConnectorContext) => ChannelConnector;

/**
 * Which connector serves which network. The desk looks networks up here, so
 * adding one is a factory plus a `register` call, without touching the inbox.
 */
export class ConnectorRegistry {
  readonly #factories = new Map<string, ConnectorFactory>();

  register(network: string, factory: ConnectorFactory): this {
    if (this.#factories.has(network)) throw new Error(`a connector for ${network} is already registered`);
    this.#factories.set(network, factory);
    return this;
  }

  has(network: string): boolean {
    return this.#factories.has(network);
  }

  networks(): string[] {
    return [...this.#factories.keys()];
  }

  create(context: ConnectorContext): ChannelConnector {
    const factory = this.#factories.get(context.network);
    if (factory === undefined) throw new Error(`no connector for network ${context.network}`);
    return factory(context);
  }
}
