import type { ChannelConnector, IncomingItem } from './connector';

/**
 * What the social desk needs from the team database in team mode
 * (`team.database` in the profile; issue 11). The implementation,
 * `team/teamSocial.ts`, loads the PostgreSQL driver, so it is imported only
 * for a team desk: a solo desk never evaluates it and works exactly as before.
 */
export interface TeamSend {
  /** The renderer's clientId: the `social_outbox` row's id, so a retried request is the same row. */
  readonly id: string;
  readonly accountId: string;
  readonly conversationId: string;
  readonly kind: 'reply' | 'message';
  readonly text: string;
  /** Where it goes: the parent post's URI (reply) or the customer's DID (message); lets another desk send the row if this one dies. */
  readonly target: string;
  /** The customer who opened the conversation, in case the team database has not seen it yet. */
  readonly authorDid: string | null;
  /** When the desk queued it; the row keeps the first one. */
  readonly createdAt: number;
}

/**
 * A pending `social_outbox` row this desk took over from a desk that died
 * before it could mark it sent (team/strandedSends.ts). The desk sends it
 * through its own outbox under the row's id and creation time, so the record
 * key is the dead desk's: if that desk had posted, the network already holds
 * the record and the send finds it instead of posting again.
 */
export interface AdoptedSend {
  readonly id: string;
  readonly accountId: string;
  readonly kind: 'reply' | 'message';
  readonly text: string;
  readonly target: string;
  readonly createdAt: number;
}

export interface TeamSocialLink {
  /**
   * Starts following: the team's change feed fills the journal through
   * `deliver` (each social item once, read from the database by URI), and each
   * connector that can `follow` joins its account's ingester election.
   */
  start(
    connectors: ReadonlyMap<string, ChannelConnector>,
    deliver: (items: readonly IncomingItem[]) => Promise<void>,
    adopt: (send: AdoptedSend) => Promise<void>,
  ): void;
  /**
   * Claims the conversation and writes the send into `social_outbox`, in one
   * transaction; resolves with the row's `createdAt` (the first one when the
   * row was already there), from which the network record key is derived.
   * Throws a ContractFailure when another agent handles the conversation or
   * the database cannot be reached: then nothing is sent.
   */
  queueSend(send: TeamSend): Promise<number>;
  /** The send reached the network: the row is marked sent and the sent item shared with the team. */
  sent(clientId: string, item: IncomingItem | null): Promise<void>;
  /** The network refused the send for good. */
  failed(clientId: string): Promise<void>;
  dispose(): Promise<void>;
}
