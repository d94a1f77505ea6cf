import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type * as z from 'zod';
import type { ConnectorStatus, ListeningRule, OutboxEntry, PrivateStep, SocialAuthor, SocialItem, SocialSnapshot, socialRequests } from '@tandem/contract';
import { ContractFailure } from '../contract/contractFailure';
import type { EventBus } from '../events/eventBus';
import type { Logger } from '../log/logger';
import type { SocialAccount } from '../profile/profileSchema';
import { AccountSecrets, socialIdentity } from '../secrets/accountSecrets';
import type { SecretStore } from '../secrets/secretStore';
import { systemClock, TimerSlot, type Clock } from '../time/clock';
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../time/backoff';
import type { ChannelConnector, IncomingItem, SendOperation } from './connector';
import type { ConnectorRegistry } from './connectorRegistry';
import { Journal, JOURNAL_EXPIRY_EVERY_MS } from './journal';
import { needsAuthorFacts, privateStepVerdict, rulesOf, type AuthorChatFacts } from './privateStep';
import { ListeningMatcher } from './listening';
import { Outbox, type OutboxRecord } from './outbox';
import type { SocialService } from './socialService';
import type { AdoptedSend, TeamSocialLink } from './teamLink';
import { ensurePrivateTree } from '../storage/privateFs';
import { StateFile } from '../storage/stateFile';

type Input<K extends keyof typeof socialRequests> = z.output<(typeof socialRequests)[K]>;

export interface SocialDeskDeps {
  /** The accounts in force at start (the profile's and those added in the app); more come and go by `addAccount`/`removeAccount`. */
  readonly accounts: readonly SocialAccount[];
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly log: Logger;
  readonly dataDir: string | undefined;
  readonly registry: ConnectorRegistry;
  /** Per-network connector options that the profile does not carry (yet). */
  readonly connectorOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly clock?: Clock;
  readonly outboxBackoff?: BackoffPolicy;
  /**
   * Team mode: the journal is filled from the team database, only the elected
   * desk follows the network, and replies and messages are queued once in the
   * team's outbox before they are sent. Undefined: a solo desk, as before.
   */
  readonly team?: TeamSocialLink;
}

const accountIdOf = (network: string, handle: string) => `${network}:${handle}`;

/** A directory name for an account that cannot escape `accounts/` whatever the handle is. */
function accountDirName(network: string, handle: string): string {
  const safe = `${network}-${handle}`.replace(/[^a-z0-9.-]/gi, '_').slice(0, 80);
  return `${safe}-${createHash('sha256').update(`${network}:${handle}`).digest('hex').slice(0, 8)}`;
}

/**
 * The social desk: one connector per configured account, the journal every
 * received or sent item goes through, the outbox, and the listening rules.
 * It implements the contract's `SocialService`; state reaches windows as
 * `social:connector`, `social:items` and `social:outbox` events.
 *
 * Layout under `dataDir/social/`: `journal.jsonl`, `outbox.json`,
 * `rules.json`, and `accounts/<account>/` for each connector's own state
 * (e.g. its firehose cursor).
 */
export class SocialDesk implements SocialService {
  readonly #connectors = new Map<string, ChannelConnector>();
  /** Each connector's status subscription, ended when its account is removed. */
  readonly #statusOff = new Map<string, () => void>();
  readonly #matcher = new ListeningMatcher();
  #outbox!: Outbox;
  /** The journal's retention while the desk runs: main runs for weeks, and the journal otherwise applies it only when it opens. */
  readonly #expiry: TimerSlot;
  #disposed = false;

  private constructor(
    private readonly deps: SocialDeskDeps,
    private readonly journal: Journal,
    private readonly rulesFile: StateFile<ListeningRule[]>,
    private readonly clock: Clock,
  ) {
    this.#expiry = new TimerSlot(clock);
  }

  static async open(deps: SocialDeskDeps): Promise<SocialDesk> {
    const root = deps.dataDir === undefined ? undefined : join(deps.dataDir, 'social');
    const clock = deps.clock ?? systemClock;
    // Customers' messages and our replies: the whole subtree is the agent's alone (0700/0600), older copies tightened.
    if (root !== undefined) await ensurePrivateTree(root);
    const journal = await Journal.open(root === undefined ? undefined : join(root, 'journal.jsonl'), deps.log, { now: clock.now() });
    const rulesFile = new StateFile<ListeningRule[]>(root === undefined ? undefined : join(root, 'rules.json'));
    const desk = new SocialDesk(deps, journal, rulesFile, clock);
    desk.#matcher.setRules((await rulesFile.read()) ?? []);
    desk.#outbox = await Outbox.open({
      file: new StateFile<OutboxRecord[]>(root === undefined ? undefined : join(root, 'outbox.json')),
      clock,
      log: deps.log,
      backoff: deps.outboxBackoff ?? DEFAULT_BACKOFF,
      ready: (accountId) => desk.#connectors.get(accountId)?.status().state === 'live',
      send: (accountId, op) => desk.#connector(accountId).send(op),
      onChange: (entry) => {
        deps.events.emit('social:outbox', entry);
        if (entry.state === 'failed' && entry.kind !== 'like') desk.#toTeam('failed', deps.team?.failed(entry.clientId));
      },
      onSent: async (_accountId, result, clientId) => {
        if (result.item !== null) await desk.#deliver([result.item]);
        desk.#toTeam('sent', deps.team?.sent(clientId, result.item));
      },
    });

    for (const account of deps.accounts) desk.#attach(account);
    deps.team?.start(
      desk.#connectors,
      (items) => desk.#deliver(items),
      (send) => desk.#adopt(send),
    );
    for (const connector of desk.#connectors.values()) connector.start();
    desk.#expireLater();
    return desk;
  }

  #expireLater(): void {
    this.#expiry.arm(JOURNAL_EXPIRY_EVERY_MS, () => {
      // Armed again once this one is done: a slow rewrite never overlaps the next.
      void this.journal.expire(this.clock.now()).then(() => {
        if (!this.#disposed) this.#expireLater();
      });
    });
  }

  /** A connector for one account, wired to the journal and the windows; false when no connector serves its network. */
  #attach(account: SocialAccount): boolean {
    const { deps } = this;
    if (!deps.registry.has(account.network)) {
      deps.log.warn('social: no connector for this network', { network: account.network });
      return false;
    }
    const accountId = accountIdOf(account.network, account.handle);
    const root = deps.dataDir === undefined ? undefined : join(deps.dataDir, 'social');
    const connector = deps.registry.create({
      account,
      network: account.network,
      handle: account.handle,
      service: account.service,
      accountId,
      // Bound to network, service and handle: an app password never goes to a service it was not given for.
      password: () => new AccountSecrets(deps.secrets).get(socialIdentity(account)),
      sink: { deliver: (items) => this.#deliver(items), match: (text) => this.#matcher.match(text)?.id ?? null },
      dataDir: root === undefined ? undefined : join(root, 'accounts', accountDirName(account.network, account.handle)),
      log: deps.log,
      clock: this.clock,
      options: deps.connectorOptions?.[account.network] ?? {},
      ...(deps.team === undefined ? {} : { receive: 'ingester' as const }),
    });
    this.#connectors.set(accountId, connector);
    this.#statusOff.set(
      accountId,
      connector.onStatus((status: ConnectorStatus) => {
        deps.events.emit('social:connector', status);
        if (status.state === 'live') this.#outbox.kick(accountId);
      }),
    );
    return true;
  }

  /**
   * An account the agent added while the app runs: its connector starts at
   * once (a first connection, so it backfills). A team desk's accounts are the
   * deployment's: the team's ingester election was made over the profile's.
   */
  addAccount(account: SocialAccount): void {
    if (this.#disposed) throw new ContractFailure('unavailable', 'social.errors.closed');
    if (this.deps.team !== undefined) throw new ContractFailure('rejected', 'settings.errors.teamSocialAccounts');
    const accountId = accountIdOf(account.network, account.handle);
    if (this.#connectors.has(accountId)) throw new ContractFailure('rejected', 'settings.errors.socialAccountExists');
    if (!this.#attach(account)) throw new ContractFailure('rejected', 'social.errors.unknownAccount');
    this.#connectors.get(accountId)?.start();
  }

  /** Stops the account's connector and forgets it; what it journalled stays (it is the desk's history). */
  async removeAccount(accountId: string): Promise<void> {
    const connector = this.#connector(accountId);
    this.#connectors.delete(accountId);
    this.#statusOff.get(accountId)?.();
    this.#statusOff.delete(accountId);
    await connector.stop();
  }

  /** A team write after the network answered: the send itself stands whatever the database says, so a failure is only logged. */
  #toTeam(what: string, write: Promise<void> | undefined): void {
    write?.catch((error: unknown) => this.deps.log.warn('social: could not tell the team about a send', { what, error: String(error) }));
  }

  async #deliver(items: readonly IncomingItem[]): Promise<void> {
    const fresh = await this.journal.append(items);
    if (fresh.length > 0) this.deps.events.emit('social:items', { items: fresh });
  }

  /** Logs in again with the stored password (it may have just changed); the way out of credentials-rejected. */
  reconnect(accountId: string): void {
    this.#connector(accountId).reconnect();
  }

  #connector(accountId: string): ChannelConnector {
    const connector = this.#connectors.get(accountId);
    if (connector === undefined) throw new ContractFailure('rejected', 'social.errors.unknownAccount');
    return connector;
  }

  /** The account's connector, or the desk's error when it cannot take this kind of send. */
  #sender(accountId: string, kind: SendOperation['kind'], text: string | null): ChannelConnector {
    if (this.#disposed) throw new ContractFailure('unavailable', 'social.errors.closed');
    const connector = this.#connector(accountId);
    const { capabilities } = connector;
    if (kind === 'message' && !capabilities.privateMessage) throw new ContractFailure('unavailable', 'social.errors.privateMessagesUnavailable');
    if (kind === 'reply' && !capabilities.publicReply) throw new ContractFailure('unavailable', 'social.errors.publicReplyUnavailable');
    if (kind === 'like' && !capabilities.like) throw new ContractFailure('unavailable', 'social.errors.likeUnavailable');
    if (text !== null && connector.length(text) > capabilities.maxGraphemes) throw new ContractFailure('rejected', 'social.errors.tooLong');
    if (connector.status().state === 'credentials-rejected') throw new ContractFailure('unavailable', 'social.errors.credentialsRejected');
    return connector;
  }

  snapshot(): SocialSnapshot {
    return {
      connectors: [...this.#connectors.values()].map((connector) => connector.status()),
      outbox: this.#outbox.entries(),
      rules: this.#matcher.rules,
      lastSeq: this.journal.lastSeq,
    };
  }

  async sync({ afterSeq, limit }: Input<'sync'>): Promise<{ items: SocialItem[]; lastSeq: number }> {
    // The last seq as the range was fixed, not after the read: items journalled meanwhile come with the next sync or event.
    const lastSeq = this.journal.lastSeq;
    return { items: await this.journal.after(afterSeq, limit), lastSeq };
  }

  reply({ accountId, clientId, parentUri, text }: Input<'reply'>): Promise<OutboxEntry> {
    return this.#enqueue(accountId, clientId, 'reply', text, (createdAt) => ({ kind: 'reply', key: clientId, createdAt, parentUri, text }));
  }

  sendMessage({ accountId, clientId, toDid, text }: Input<'sendMessage'>): Promise<OutboxEntry> {
    return this.#enqueue(accountId, clientId, 'message', text, (createdAt) => ({ kind: 'message', key: clientId, createdAt, toDid, text }));
  }

  like({ accountId, clientId, uri, cid }: Input<'like'>): Promise<OutboxEntry> {
    return this.#enqueue(accountId, clientId, 'like', null, (createdAt) => ({ kind: 'like', key: clientId, createdAt, uri, cid }));
  }

  async #enqueue(
    accountId: string,
    clientId: string,
    kind: SendOperation['kind'],
    text: string | null,
    op: (createdAt: number) => SendOperation,
  ): Promise<OutboxEntry> {
    // A clientId seen before is the same send: answer its entry, whatever state the connector is in.
    const known = this.#outbox.find(clientId);
    if (known !== undefined) {
      if (known.accountId !== accountId || known.kind !== kind) throw new ContractFailure('rejected', 'social.errors.clientIdReused');
      return known;
    }
    this.#sender(accountId, kind, text);
    let createdAt = this.clock.now();
    const team = this.deps.team;
    if (team !== undefined && kind !== 'like' && text !== null) {
      // In a team the database decides who sends: a refused claim stops the send here, before the network.
      const first = op(createdAt);
      const target = first.kind === 'reply' ? first.parentUri : first.kind === 'message' ? first.toDid : '';
      createdAt = await team.queueSend({ id: clientId, accountId, kind, text, target, createdAt, ...(await this.#conversationOf(first)) });
    }
    return this.#outbox.enqueue(accountId, op(createdAt));
  }

  /** A dead desk's pending send, taken over in the team database: this desk's outbox sends it under the row's own key. */
  async #adopt(send: AdoptedSend): Promise<void> {
    if (this.#disposed || !this.#connectors.has(send.accountId)) return;
    const base = { key: send.id, createdAt: send.createdAt, text: send.text };
    const op: SendOperation = send.kind === 'reply' ? { ...base, kind: 'reply', parentUri: send.target } : { ...base, kind: 'message', toDid: send.target };
    this.deps.log.info('social: sending a reply or message a desk that stopped left pending', { kind: send.kind });
    await this.#outbox.enqueue(send.accountId, op);
  }

  /** The journalled conversation a reply or message belongs to, and who opened it. */
  async #conversationOf(op: SendOperation): Promise<{ conversationId: string; authorDid: string | null }> {
    if (op.kind === 'reply') {
      const parent = await this.journal.get(op.parentUri);
      return { conversationId: parent?.conversationId ?? op.parentUri, authorDid: parent?.author.did ?? null };
    }
    const toDid = op.kind === 'message' ? op.toDid : null;
    const latest = toDid === null ? undefined : this.journal.privateConversationWith(toDid);
    return { conversationId: latest ?? `message:${toDid ?? ''}`, authorDid: toDid };
  }

  async getProfile({ accountId, actor }: Input<'getProfile'>): Promise<SocialAuthor> {
    const connector = this.#connector(accountId);
    try {
      return await connector.getProfile(actor);
    } catch (error: unknown) {
      throw networkFailure(error);
    }
  }

  async privateStep({ accountId, did, lastCustomerMessageAt, wroteFirst }: Input<'privateStep'>): Promise<PrivateStep> {
    const connector = this.#connector(accountId);
    const rules = rulesOf(connector.capabilities);
    let facts: AuthorChatFacts | null = null;
    if (needsAuthorFacts(rules) && connector.privateMessageFacts !== undefined) {
      try {
        facts = await connector.privateMessageFacts(did);
      } catch (error: unknown) {
        // Not knowing is an answer the dialog explains ("could not ask"), not a failure of the move.
        this.deps.log.warn("social: could not read the author's private-message setting", { error: String(error) });
      }
    }
    return privateStepVerdict(rules, facts, { lastCustomerMessageAt, wroteFirst, now: this.clock.now() });
  }

  async getThread({ accountId, uri }: Input<'getThread'>): Promise<{ items: SocialItem[] }> {
    const connector = this.#connector(accountId);
    let fetched: IncomingItem[] = [];
    try {
      fetched = await connector.getThread(uri);
    } catch (error: unknown) {
      // What the journal holds is still worth showing when the network cannot be asked.
      if ((await this.journal.get(uri)) === undefined) throw networkFailure(error);
      this.deps.log.warn('social: thread fetch failed, answering from the journal', { error: String(error) });
    }
    // Ancestors by or addressed to the brand join the journal (de-duplicated by URI).
    await this.#deliver(fetched);
    const conversationId = (await this.journal.get(uri))?.conversationId ?? fetched.at(-1)?.conversationId ?? uri;
    const items = (await this.journal.byConversation(conversationId)).filter((item) => item.accountId === accountId);
    return { items: items.sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq) };
  }

  async setListeningRules(rules: ListeningRule[]): Promise<ListeningRule[]> {
    const ids = new Set(rules.map((rule) => rule.id));
    if (ids.size !== rules.length) throw new ContractFailure('rejected', 'social.errors.duplicateRuleId');
    await this.rulesFile.write(rules);
    this.#matcher.setRules(rules);
    return this.#matcher.rules;
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#expiry.cancel();
    for (const off of this.#statusOff.values()) off();
    // Leaving the ingester election first hands the lead to another desk at once.
    await this.deps.team?.dispose();
    await Promise.all([...this.#connectors.values()].map((connector) => connector.stop()));
    await this.#outbox.dispose();
    await this.rulesFile.flush();
    await this.journal.close();
  }
}

function networkFailure(error: unknown): ContractFailure {
  if (error instanceof ContractFailure) return error;
  const status = (error as { status?: unknown }).status;
  if (status === 400 || status === 404) return new ContractFailure('rejected', 'social.errors.notFound');
  return new ContractFailure('unavailable', 'social.errors.unreachable', String(error));
}
