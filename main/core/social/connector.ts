import type { AuthorChatFacts } from './privateStep';
import type { ConnectorCapabilities, ConnectorState, ConnectorStatus, SocialAuthor, SocialItem } from '@tandem/contract';

/**
 * A channel connector: one logged-in account on one network (a brand's
 * Bluesky account, later an X or Mastodon one). The desk (`socialDesk.ts`)
 * journals what connectors deliver and routes sends to them; it never knows
 * which network it talks to. New networks register a factory in
 * `connectorRegistry.ts`.
 *
 * Every connector runs the same state machine. States are the contract's
 * `CONNECTOR_STATES`; every change goes through {@link ConnectorMachine.transition},
 * which throws on a move the diagram does not allow (as sip.js does in
 * `session.ts` `stateTransition()`).
 *
 * ```txt
 *                 start()
 *  disconnected ───────────► connecting ──(logged in, stream open)──► live
 *       ▲  ▲                   │    │  ▲                               │
 *       │  │                   │    │  │ timer / reconnect()           │ stream drops,
 *       │  │       login says  │    │  │                               │ server unreachable
 *       │  │   "wrong password"│    │  └──────── backoff ◄─────────────┘
 *       │  │                   │    └─(unreachable, 5xx, timeout)─►  ▲
 *       │  │                   ▼                                     │
 *       │  └────────── credentials-rejected                          │
 *       │    stop()          │ reconnect() (new password)            │
 *       │                    └──────────► connecting                 │
 *       └──────────────── stop() from any state ────────────────────┘
 * ```
 *
 * "live" means: logged in and receiving (the stream is open). Only an
 * explicit `reconnect()` leaves credentials-rejected, so a wrong app password
 * never turns into a retry storm that locks the account.
 */
export const CONNECTOR_TRANSITIONS: Readonly<Record<ConnectorState, readonly ConnectorState[]>> = {
  disconnected: ['connecting'],
  connecting: ['live', 'backoff', 'credentials-rejected', 'disconnected'],
  live: ['backoff', 'connecting', 'credentials-rejected', 'disconnected'],
  backoff: ['connecting', 'disconnected'],
  'credentials-rejected': ['connecting', 'disconnected'],
};

export class IllegalConnectorTransitionError extends Error {
  constructor(
    readonly from: ConnectorState,
    readonly to: ConnectorState,
  ) {
    super(`illegal connector transition ${from} → ${to}`);
    this.name = 'IllegalConnectorTransitionError';
  }
}

export function canConnectorTransition(from: ConnectorState, to: ConnectorState): boolean {
  return CONNECTOR_TRANSITIONS[from].includes(to);
}

export class ConnectorMachine {
  #state: ConnectorState;
  readonly #listeners = new Set<(to: ConnectorState, from: ConnectorState) => void>();

  constructor(initial: ConnectorState = 'disconnected') {
    this.#state = initial;
  }

  get state(): ConnectorState {
    return this.#state;
  }

  /** Moves to `to` or throws {@link IllegalConnectorTransitionError}; listeners hear every move. */
  transition(to: ConnectorState): void {
    const from = this.#state;
    if (!canConnectorTransition(from, to)) throw new IllegalConnectorTransitionError(from, to);
    this.#state = to;
    for (const listener of [...this.#listeners]) listener(to, from);
  }

  is(...states: ConnectorState[]): boolean {
    return states.includes(this.#state);
  }

  onStateChange(listener: (to: ConnectorState, from: ConnectorState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** An item as a connector sees it; the journal gives it its `seq`. */
export type IncomingItem = Omit<SocialItem, 'seq'>;

/**
 * Where a connector hands what it received. `deliver` resolves once the items
 * are durably journalled; only then may the connector advance its persisted
 * cursor (at-least-once: a crash in between replays, the journal de-duplicates
 * by URI). `match` runs the listening rules on a public post that is not
 * addressed to the brand, and answers the matching rule's id (or null), so a
 * connector fetches author profiles only for posts that will be kept.
 */
export interface ConnectorSink {
  deliver(items: readonly IncomingItem[]): Promise<void>;
  match(text: string): string | null;
}

/**
 * One send the outbox asks a connector to perform. `key` (the renderer's
 * clientId) and `createdAt` (when the outbox first stored it) never change
 * across retries and restarts: a connector derives its idempotency key from
 * them (Bluesky: the record key), so a retry finds the first attempt's result
 * instead of posting again.
 */
export type SendOperation = { readonly key: string; readonly createdAt: number } & (
  | { readonly kind: 'reply'; readonly parentUri: string; readonly text: string }
  | { readonly kind: 'like'; readonly uri: string; readonly cid: string }
  | { readonly kind: 'message'; readonly toDid: string; readonly text: string }
);

export interface SendResult {
  readonly uri: string;
  /** The sent item, for the journal (a like has none). */
  readonly item: IncomingItem | null;
}

/**
 * Why a send failed: `retry` (the network or the server; try again later) or
 * `permanent` (the request itself is wrong: retrying cannot help).
 */
export class SendFailure extends Error {
  constructor(
    readonly retry: boolean,
    readonly messageKey: string,
    detail?: string,
  ) {
    super(detail ?? messageKey);
    this.name = 'SendFailure';
  }
}

/** What a followed stream yields: new items and the cursor that resumes right after them (team mode, `follow`). */
export interface FollowBatch {
  readonly items: readonly IncomingItem[];
  readonly cursor: string;
}

/** Stops following; resolves once `onBatch` will not be called again. */
export type StopFollowing = () => Promise<void>;

export interface ConnectorEvents {
  /** Every state or status change. */
  status: ConnectorStatus;
}

export interface ChannelConnector {
  readonly accountId: string;
  readonly network: string;
  readonly handle: string;
  readonly capabilities: ConnectorCapabilities;
  status(): ConnectorStatus;
  onStatus(listener: (status: ConnectorEvents['status']) => void): () => void;
  /** Starts connecting (from disconnected); idempotent. */
  start(): void;
  /** Connects again now: after a new password, or to skip a backoff wait. */
  reconnect(): void;
  /** Disconnects and releases everything. */
  stop(): Promise<void>;
  /** Performs one send; must be idempotent per `op.key`. Throws {@link SendFailure}. */
  send(op: SendOperation): Promise<SendResult>;
  getProfile(actor: string): Promise<SocialAuthor>;
  getThread(uri: string): Promise<IncomingItem[]>;
  /**
   * What the network says about messaging this author privately (their own
   * setting, whether they follow the brand), for the rules in
   * `capabilities.privateMessageRules`. A connector whose rules need no
   * facts leaves it out.
   */
  privateMessageFacts?(did: string): Promise<AuthorChatFacts>;
  /** Counts graphemes the way the network does, for the length limit. */
  length(text: string): number;
  /**
   * Team mode (the context's `receive` is `ingester`): the connector does not
   * follow the network by itself; the team's elected ingester calls this to
   * follow it from `cursor` (null: from where a new follower starts). Batches
   * come one at a time; a rejected `onBatch` ends the following. A connector
   * without it cannot feed a team (main/core/team/ingester.ts).
   */
  follow?(cursor: string | null, onBatch: (batch: FollowBatch) => Promise<void>): StopFollowing;
  /**
   * Team mode, private messages: the same for the network's message log (the
   * team's chat ingester calls it; desks then fill their journals from the
   * team database). A connector without it keeps messages out of the team.
   */
  followChat?(cursor: string | null, onBatch: (batch: FollowBatch) => Promise<void>): StopFollowing;
}
