import { AtpAgent } from '@atproto/api';
import type { ConnectorCapabilities, ConnectorState, ConnectorStatus, SocialAuthor } from '@tandem/contract';
import { TIMED_OUT, TimerSlot, withTimeout } from '../../time/clock';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../time/backoff';
import { ConnectorMachine, SendFailure, type ChannelConnector, type IncomingItem, type SendOperation, type SendResult } from '../connector';
import type { FollowBatch, StopFollowing } from '../connector';
import type { ConnectorContext } from '../connectorRegistry';
import { graphemeCount } from '../sanitize';
import { FirstConnectionBackfill, type BuildPost } from './backfill';
import { ConnectorCursors } from './cursors';
import { isCredentialError, MissingPassword } from './errors';
import { ChatClient, type ChatServiceConfig } from './chat';
import { followChatLog, pollChatLogPages, type MessageToItem } from './chatLog';
import { itemsOfEvent } from './eventItems';
import { FirehoseSubscription, type FirehoseEvent } from './firehose';
import { followFirehose } from './firehoseFollower';
import type { FirehoseReplay } from './firehoseReplay';
import { ItemBuilder } from './items';
import { ProfileDirectory } from './profiles';
import { BlueskySender, failureOf } from './sending';
import { readThread } from './thread';
import type { AuthorChatFacts } from '../privateStep';
import { chatFactsOf } from './chatDeclaration';

/**
 * The Bluesky connector: one brand account on one PDS.
 *
 * **Receiving: the repo firehose, not notification polling.** We subscribe to
 * `com.atproto.sync.subscribeRepos` on the configured service (a PDS, or a
 * relay via `firehose`), decode each commit's records ourselves and classify
 * posts: a reply whose parent or root is a brand post, a quote (`embed.record`)
 * of a brand post, or a mention facet with the brand's DID is addressed to the
 * brand; anything else is a candidate for listening rules. Why:
 * - push, not poll: a mention reaches the desk tens of milliseconds after the
 *   commit instead of up to a polling interval later (the inbox budget is
 *   500 ms p95 from post to painted row);
 * - one exact resume point: the firehose `seq`, persisted after the items it
 *   produced are journalled (at-least-once; the journal de-duplicates by URI),
 *   where `listNotifications` has only an opaque, AppView-side cursor;
 * - it needs no AppView, so it works against a bare PDS, and the same stream
 *   feeds listening without `searchPosts` polling.
 * The cost is that a PDS firehose only carries repos hosted on that PDS:
 * against the real network, point `firehose` at a relay.
 *
 * **The first connection backfills.** With no stored cursor the firehose
 * starts at "now"; what was posted before (24 hours by default) is read once
 * from the AppView and delivered like live items (`backfill.ts`); without an
 * AppView, the firehose is replayed from its earliest cursor (`firehoseReplay.ts`).
 *
 * This file keeps the lifecycle (state machine, login, the firehose, the chat log poll). Resume cursors:
 * `cursors.ts`; commits: `commits.ts`; items: `items.ts`; authors: `profiles.ts`; the chat log: `chatLog.ts`; sends: `sending.ts`.
 */
export interface BlueskyConnectorOptions {
  /** Private messages: the chat service to talk to directly. Without it, private messages are off. */
  readonly chat?: ChatServiceConfig;
  /** How often to read the chat log (ms). */
  readonly chatPollMs?: number;
  /** Where to subscribe to the firehose (default: the account's service). */
  readonly firehose?: string;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  readonly requestTimeoutMs?: number;
  /** How far back the first connection reads mentions and replies (hours; 0: none). Default 24 (backfill.ts). */
  readonly backfillHours?: number;
}

const MAX_GRAPHEMES = 300;
/** `chat.bsky.convo.defs#messageInput`: maxGraphemes 1000. */
const MAX_MESSAGE_GRAPHEMES = 1000;

export class BlueskyConnector implements ChannelConnector {
  readonly accountId: string;
  readonly network = 'bluesky';
  readonly handle: string;
  readonly capabilities: ConnectorCapabilities;

  readonly #context: ConnectorContext;
  readonly #options: BlueskyConnectorOptions;
  readonly #machine = new ConnectorMachine('disconnected');
  readonly #agent: AtpAgent;
  readonly #chat: ChatClient | null;
  readonly #cursors: ConnectorCursors;
  readonly #retry: TimerSlot;
  readonly #chatPoll: TimerSlot;
  readonly #listeners = new Set<(status: ConnectorStatus) => void>();
  readonly #profiles: ProfileDirectory;
  readonly #items: ItemBuilder;
  readonly #sender: BlueskySender;
  readonly #backfill: FirstConnectionBackfill;
  #firehose: FirehoseSubscription | null = null;
  #replay: FirehoseReplay | null = null; // a solo first connection without an AppView: its replay window
  #did: string | null = null;
  #generation = 0;
  #attempt = 0;
  #nextRetryAt: number | null = null;
  #lastErrorKey: string | null = null;
  #chatPolling = false;
  #stopped = false;
  /** Resolved at the first login: the team's ingester classifies commits only once the brand's DID is known. */
  #onLoggedIn: () => void = () => undefined;
  readonly #loggedIn = new Promise<void>((resolve) => (this.#onLoggedIn = resolve));

  constructor(context: ConnectorContext, options: BlueskyConnectorOptions = {}) {
    this.#context = context;
    this.#options = options;
    this.accountId = context.accountId;
    this.handle = context.handle;
    const privateMessage = options.chat !== undefined;
    this.capabilities = {
      publicReply: true,
      privateMessage,
      like: true,
      maxGraphemes: MAX_GRAPHEMES,
      // Bluesky chat: the author decides who may start one (chatDeclaration.ts); no time window; a message holds 1000 graphemes.
      privateMessageRules: { available: privateMessage, audience: 'author-setting', windowHours: null, maxGraphemes: MAX_MESSAGE_GRAPHEMES },
    };
    this.#agent = new AtpAgent({ service: context.service });
    this.#chat = options.chat === undefined ? null : new ChatClient(this.#agent, options.chat, () => context.clock.now());
    this.#profiles = new ProfileDirectory(this.#agent, context);
    this.#items = new ItemBuilder({ accountId: this.accountId, network: this.network, clock: context.clock }, this.#profiles);
    this.#sender = new BlueskySender(this.#agent, this.#chat, this.#items);
    const build: BuildPost = (uri, cid, post, kind, author) => this.#items.post(uri, cid, post, kind, author, null);
    this.#backfill = new FirstConnectionBackfill({ agent: this.#agent, build, context, hours: options.backfillHours });
    this.#cursors = new ConnectorCursors(context.dataDir, context.clock, context.log);
    this.#retry = new TimerSlot(context.clock);
    this.#chatPoll = new TimerSlot(context.clock);
    this.#machine.onStateChange(() => this.#publish());
  }

  get state(): ConnectorState {
    return this.#machine.state;
  }

  status(): ConnectorStatus {
    return {
      accountId: this.accountId,
      network: this.network,
      handle: this.handle,
      state: this.#machine.state,
      nextRetryAt: this.#machine.is('backoff') ? this.#nextRetryAt : null,
      lastErrorKey: this.#lastErrorKey,
      capabilities: this.capabilities,
    };
  }

  onStatus(listener: (status: ConnectorStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #publish(): void {
    const status = this.status();
    for (const listener of [...this.#listeners]) listener(status);
  }

  length(text: string): number {
    return graphemeCount(text);
  }

  start(): void {
    this.#stopped = false;
    if (this.#machine.is('disconnected')) void this.#connect();
  }

  reconnect(): void {
    if (this.#stopped) return;
    this.#attempt = 0;
    void this.#teardownStream().then(() => this.#connect());
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    ++this.#generation;
    this.#retry.cancel();
    this.#chatPoll.cancel();
    await this.#teardownStream();
    await this.#cursors.close();
    if (!this.#machine.is('disconnected')) this.#machine.transition('disconnected');
  }

  // --- connecting ---------------------------------------------------------------

  async #connect(): Promise<void> {
    const generation = ++this.#generation;
    this.#retry.cancel();
    this.#nextRetryAt = null;
    if (!this.#machine.is('connecting')) this.#machine.transition('connecting');
    await this.#cursors.load();
    try {
      await this.#ensureSession();
    } catch (error: unknown) {
      if (generation !== this.#generation) return;
      if (isCredentialError(error)) {
        this.#credentialsRejected();
        return;
      }
      if (error instanceof MissingPassword) {
        this.#lastErrorKey = 'social.errors.noAppPassword';
        this.#machine.transition('credentials-rejected');
        return;
      }
      this.#context.log.warn('bluesky: login failed', { account: this.accountId, error: String(error) });
      this.#backoff('social.errors.unreachable');
      return;
    }
    if (generation !== this.#generation) return;
    if (this.#context.receive !== 'ingester') {
      const stored = this.#cursors.firehoseSeq;
      if (stored !== null) {
        // A replay cut short by a restart goes on with the same window, not as if its old events were live.
        this.#replay ??= this.#cursors.unfinishedReplay();
        return this.#openStream(generation, stored);
      }
      // No cursor yet: this is the account's first connection; backfill from the AppView, or replay the firehose.
      const first = this.#backfill.once(this.#did, this.#profiles.hasAppView);
      this.#replay = first.replay;
      if (first.replay !== null) this.#cursors.beginReplay(first.replay);
      this.#openStream(generation, first.cursor);
      void this.#backfill.deliver(first.items, this.#context.sink, () => this.#stopped);
      return;
    }
    // A team desk: logged in is live; the firehose and the chat log are the elected ingesters' (`follow`, `followChat`).
    this.#attempt = 0;
    this.#lastErrorKey = null;
    this.#machine.transition('live');
  }

  async #ensureSession(): Promise<void> {
    const timeout = this.#options.requestTimeoutMs ?? 10_000;
    if (this.#agent.session !== undefined) {
      try {
        const result = await withTimeout(this.#agent.com.atproto.server.getSession(), timeout, this.#context.clock);
        if (result === TIMED_OUT) throw new Error('getSession timed out');
        return;
      } catch (error: unknown) {
        if (!isCredentialError(error)) throw error;
        // The session is gone (revoked, expired beyond refresh): log in again below.
      }
    }
    const password = await this.#context.password();
    if (typeof password !== 'string') throw new MissingPassword();
    const login = await withTimeout(this.#agent.login({ identifier: this.handle, password }), timeout, this.#context.clock);
    if (login === TIMED_OUT) throw new Error('login timed out');
    this.#did = login.data.did;
    // Probed before "logged in" is announced: the team's ingester decides how to backfill from it.
    await this.#profiles.probeAppView(login.data.did);
    this.#onLoggedIn();
  }

  #openStream(generation: number, cursor: number | null): void {
    const firehose = new FirehoseSubscription({
      service: this.#options.firehose ?? this.#context.service,
      cursor,
      onOpen: () => {
        if (generation !== this.#generation) return;
        this.#attempt = 0;
        this.#lastErrorKey = null;
        this.#machine.transition('live');
        this.#scheduleChatPoll(0);
      },
      onEvent: (event) => this.#onEvent(event),
      onClose: (reason, cause) => {
        if (generation !== this.#generation) return;
        this.#context.log.warn('bluesky: firehose closed', { account: this.accountId, reason });
        this.#firehose = null;
        // A refused event is this computer's journal (a full disk), not the network; the retry is the same.
        this.#backoff(cause === 'refused' ? 'social.problems.storage' : 'social.errors.unreachable');
      },
      onBadFrame: (error) => this.#context.log.warn('bluesky: undecodable firehose frame', { error: String(error) }),
    });
    this.#firehose = firehose;
  }

  async #teardownStream(): Promise<void> {
    const firehose = this.#firehose;
    this.#firehose = null;
    if (firehose !== null) await firehose.close();
  }

  #backoff(errorKey: string): void {
    this.#chatPoll.cancel();
    this.#attempt += 1;
    const delay = backoffDelay(this.#attempt, this.#options.random, this.#options.backoff ?? DEFAULT_BACKOFF);
    this.#nextRetryAt = this.#context.clock.now() + delay;
    this.#lastErrorKey = errorKey;
    this.#machine.transition('backoff');
    const generation = this.#generation;
    this.#retry.arm(delay, () => {
      if (generation === this.#generation && this.#machine.is('backoff')) void this.#connect();
    });
  }

  #credentialsRejected(): void {
    this.#context.log.warn('bluesky: app password rejected', { account: this.accountId });
    ++this.#generation;
    this.#retry.cancel();
    this.#chatPoll.cancel();
    void this.#teardownStream();
    this.#nextRetryAt = null;
    this.#lastErrorKey = 'social.errors.credentialsRejected';
    this.#machine.transition('credentials-rejected');
  }

  // --- receiving ----------------------------------------------------------------

  async #onEvent(event: FirehoseEvent): Promise<void> {
    if (event.type === 'info') {
      this.#context.log.info('bluesky: firehose info', { name: event.name, message: event.message });
      return;
    }
    if (event.seq !== null) this.#cursors.beforeFirehoseEvent(event.seq);
    const items = await this.#itemsOf(event, this.#replay);
    if (items.length > 0) await this.#context.sink.deliver(items);
    this.#replay = this.#cursors.settleReplay(this.#replay);
    if (event.seq !== null) this.#cursors.advanceFirehose(event.seq);
  }

  #itemsOf(event: FirehoseEvent, replay: FirehoseReplay | null): Promise<IncomingItem[]> {
    const { sink, log } = this.#context;
    return itemsOfEvent(event, replay, { brandDid: this.#did, match: (text) => sink.match(text), profiles: this.#profiles, items: this.#items, log });
  }

  follow(cursor: string | null, onBatch: (batch: FollowBatch) => Promise<void>): StopFollowing {
    const { log, clock, service } = this.#context;
    // Only the elected ingester follows, so only it backfills, and only when the team has no cursor yet.
    let replay: FirehoseReplay | null = null;
    const itemsOf = (event: FirehoseEvent) => this.#itemsOf(event, replay);
    const backfill =
      cursor === null
        ? () => {
            const first = this.#backfill.once(this.#did, this.#profiles.hasAppView);
            replay = first.replay;
            return first;
          }
        : undefined;
    const firehose = this.#options.firehose ?? service;
    return followFirehose({ service: firehose, cursor, ready: this.#loggedIn, itemsOf, onBatch, log, clock, retry: this.#options, backfill });
  }

  // --- private messages -------------------------------------------------------------

  #scheduleChatPoll(ms: number): void {
    if (this.#chat === null) return;
    this.#chatPoll.arm(ms, () => void this.#pollChat());
  }

  async #pollChat(): Promise<void> {
    const chat = this.#chat;
    const brandDid = this.#did;
    if (chat === null || brandDid === null || this.#chatPolling || !this.#machine.is('live')) return;
    this.#chatPolling = true;
    const generation = this.#generation;
    try {
      const toItem: MessageToItem = (convoId, message) => this.#items.message(convoId, message, brandDid);
      await pollChatLogPages(chat, this.#cursors, toItem, (items) => this.#context.sink.deliver(items));
    } catch (error: unknown) {
      this.#context.log.warn('bluesky: chat log poll failed', { error: String(error) });
    } finally {
      this.#chatPolling = false;
    }
    if (generation === this.#generation) this.#scheduleChatPoll(this.#options.chatPollMs ?? 2_000);
  }

  /** Team mode: the elected chat ingester follows the chat log from the team's cursor (chatLog.ts); `ready` (login) makes the DID known. */
  followChat(cursor: string | null, onBatch: (batch: FollowBatch) => Promise<void>): StopFollowing {
    if (this.#chat === null) throw new Error('this account has no chat service');
    const toItem: MessageToItem = (convoId, message) => this.#items.message(convoId, message, this.#did ?? '');
    const { log, clock } = this.#context;
    return followChatLog({ chat: this.#chat, cursor, ready: this.#loggedIn, toItem, onBatch, log, clock, pollMs: this.#options.chatPollMs ?? 2_000 });
  }

  // --- reading and sending on the desk's request ------------------------------------------

  async getProfile(actor: string): Promise<SocialAuthor> {
    return this.#profiles.lookup(actor);
  }

  async privateMessageFacts(did: string): Promise<AuthorChatFacts> {
    const brandDid = this.#did;
    if (brandDid === null) throw new SendFailure(true, 'social.errors.notConnected');
    return chatFactsOf(this.#agent, did, brandDid);
  }

  /** The post and its ancestors up to the root that are by or addressed to the brand, read from the repos (the desk adds what it journalled). */
  async getThread(uri: string): Promise<IncomingItem[]> {
    return readThread(this.#agent, this.#items, uri, this.#did);
  }

  async send(op: SendOperation): Promise<SendResult> {
    const brandDid = this.#did;
    if (brandDid === null || this.#machine.is('credentials-rejected')) throw new SendFailure(true, 'social.errors.notConnected');
    try {
      return await this.#sender.send(brandDid, op);
    } catch (error: unknown) {
      const failure = failureOf(error);
      if (failure.messageKey === 'social.errors.credentialsRejected') this.reconnect();
      throw failure;
    }
  }
}
