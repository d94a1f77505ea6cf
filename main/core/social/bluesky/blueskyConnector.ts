import { join } from 'node:path';
import { AtpAgent, RichText, XRPCError } from '@atproto/api';
import type { ConnectorCapabilities, ConnectorState, ConnectorStatus, SocialAuthor } from '../../../../preload/contract';
import { TIMED_OUT, TimerSlot, withTimeout } from '../../time/clock';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../time/backoff';
import { ConnectorMachine, SendFailure, type ChannelConnector, type IncomingItem, type SendOperation, type SendResult } from '../connector';
import type { ConnectorContext } from '../connectorRegistry';
import { LIMITS, linksFromFacets, mentionedDids, safeHttpUrl, sanitizeText } from '../sanitize';
import { StateFile } from '../../storage/stateFile';
import { decode, type CborValue } from './cbor';
import { httpStatus } from './errors';
import { ChatClient, type ChatBskyConvoDefs, type ChatServiceConfig } from './chat';
import { FirehoseSubscription, type FirehoseEvent } from './firehose';
import { tidFor } from './tid';

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
 * Profiles come from `app.bsky.actor.getProfile` when an AppView answers
 * (follower counts included), else from the `app.bsky.actor.profile` record
 * and `describeRepo` (counts unknown: null).
 *
 * Sends are idempotent per outbox entry: posts and likes are written with
 * `createRecord` under a record key derived from the entry (see `tid.ts`); an
 * attempt first checks whether that record already exists.
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
}

interface Cursors {
  firehoseSeq: number | null;
  chatCursor: string | null;
}

interface StrongRef {
  uri: string;
  cid: string;
}

interface PostRecord {
  text?: unknown;
  facets?: unknown;
  createdAt?: unknown;
  reply?: { root?: { uri?: unknown; cid?: unknown }; parent?: { uri?: unknown; cid?: unknown } };
  embed?: { $type?: unknown; record?: { uri?: unknown; cid?: unknown; record?: { uri?: unknown } } };
}

const POST = 'app.bsky.feed.post';
const PROFILE = 'app.bsky.actor.profile';
const PROFILE_TTL_MS = 5 * 60_000;
const CURSOR_SAVE_MS = 500;
const MAX_GRAPHEMES = 300;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** at://did/collection/rkey → its parts, or null. */
export function parseAtUri(uri: string): { repo: string; collection: string; rkey: string } | null {
  const match = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri);
  if (match === null) return null;
  return { repo: match[1] ?? '', collection: match[2] ?? '', rkey: match[3] ?? '' };
}

const stringOr = (value: unknown, fallback: string | null): string | null => (typeof value === 'string' ? value : fallback);

/** Which brand-addressed kind a post is, if any (reply wins over quote over mention). */
export function classifyPost(record: PostRecord, brandDid: string): 'reply' | 'quote' | 'mention' | null {
  const brandPrefix = `at://${brandDid}/`;
  const parent = stringOr(record.reply?.parent?.uri, '') ?? '';
  const root = stringOr(record.reply?.root?.uri, '') ?? '';
  if (parent.startsWith(brandPrefix) || root.startsWith(brandPrefix)) return 'reply';
  const embedType = record.embed?.$type;
  const quoted =
    embedType === 'app.bsky.embed.record'
      ? stringOr(record.embed?.record?.uri, '')
      : embedType === 'app.bsky.embed.recordWithMedia'
        ? stringOr(record.embed?.record?.record?.uri, '')
        : '';
  if (quoted?.startsWith(brandPrefix) === true) return 'quote';
  if (mentionedDids(record.facets).has(brandDid)) return 'mention';
  return null;
}

function failureOf(error: unknown): SendFailure {
  if (error instanceof SendFailure) return error;
  if (error instanceof XRPCError) {
    if (httpStatus(error) === 401 || httpStatus(error) === 403) return new SendFailure(true, 'social.errors.credentialsRejected', error.message);
    if (httpStatus(error) === 429) return new SendFailure(true, 'social.errors.rateLimited', error.message);
    if (httpStatus(error) === 400 || httpStatus(error) === 404) {
      const key = error.error === 'RecordNotFound' ? 'social.errors.notFound' : 'social.errors.rejectedByNetwork';
      return new SendFailure(false, key, error.message);
    }
  }
  return new SendFailure(true, 'social.errors.unreachable', String(error));
}

const isCredentialError = (error: unknown): boolean =>
  error instanceof XRPCError &&
  (httpStatus(error) === 401 || ['AuthenticationRequired', 'AccountTakedown', 'AuthFactorTokenRequired', 'AccountDeactivated'].includes(error.error));

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
  readonly #cursorFile: StateFile<Cursors>;
  readonly #retry: TimerSlot;
  readonly #cursorSave: TimerSlot;
  readonly #chatPoll: TimerSlot;
  readonly #listeners = new Set<(status: ConnectorStatus) => void>();
  readonly #profiles = new Map<string, { author: SocialAuthor; fetchedAt: number }>();
  readonly #handles = new Map<string, string>();
  #cursors: Cursors = { firehoseSeq: null, chatCursor: null };
  #cursorsLoaded = false;
  #firehose: FirehoseSubscription | null = null;
  #did: string | null = null;
  #appView: boolean | null = null;
  #generation = 0;
  #attempt = 0;
  #nextRetryAt: number | null = null;
  #lastErrorKey: string | null = null;
  #chatPolling = false;
  #stopped = false;

  constructor(context: ConnectorContext, options: BlueskyConnectorOptions = {}) {
    this.#context = context;
    this.#options = options;
    this.accountId = context.accountId;
    this.handle = context.handle;
    this.capabilities = { publicReply: true, privateMessage: options.chat !== undefined, like: true, maxGraphemes: MAX_GRAPHEMES };
    this.#agent = new AtpAgent({ service: context.service });
    this.#chat = options.chat === undefined ? null : new ChatClient(this.#agent, options.chat, () => context.clock.now());
    this.#cursorFile = new StateFile(context.dataDir === undefined ? undefined : join(context.dataDir, 'cursors.json'));
    this.#retry = new TimerSlot(context.clock);
    this.#cursorSave = new TimerSlot(context.clock);
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
    let count = 0;
    for (const _ of graphemes.segment(text)) count += 1;
    return count;
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
    this.#cursorSave.cancel();
    await this.#saveCursors();
    await this.#cursorFile.flush();
    if (!this.#machine.is('disconnected')) this.#machine.transition('disconnected');
  }

  // --- connecting ---------------------------------------------------------------

  async #connect(): Promise<void> {
    const generation = ++this.#generation;
    this.#retry.cancel();
    this.#nextRetryAt = null;
    if (!this.#machine.is('connecting')) this.#machine.transition('connecting');
    if (!this.#cursorsLoaded) {
      this.#cursors = { ...this.#cursors, ...(await this.#cursorFile.read()) };
      this.#cursorsLoaded = true;
    }
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
    this.#openStream(generation);
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
    if (this.#appView === null) {
      try {
        await this.#agent.app.bsky.actor.getProfile({ actor: login.data.did });
        this.#appView = true;
      } catch {
        this.#appView = false;
      }
    }
  }

  #openStream(generation: number): void {
    const firehose = new FirehoseSubscription({
      service: this.#options.firehose ?? this.#context.service,
      cursor: this.#cursors.firehoseSeq,
      onOpen: () => {
        if (generation !== this.#generation) return;
        this.#attempt = 0;
        this.#lastErrorKey = null;
        this.#machine.transition('live');
        this.#scheduleChatPoll(0);
      },
      onEvent: (event) => this.#onEvent(event),
      onClose: (reason) => {
        if (generation !== this.#generation) return;
        this.#context.log.warn('bluesky: firehose closed', { account: this.accountId, reason });
        this.#firehose = null;
        this.#backoff('social.errors.unreachable');
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
    if (event.type === 'identity' && event.handle !== null) {
      this.#handles.set(event.did, event.handle);
      this.#profiles.delete(event.did);
    }
    if (event.type === 'commit') await this.#onCommit(event.repo, event.ops, event.blocks);
    if (event.seq !== null) this.#advanceFirehose(event.seq);
  }

  async #onCommit(repo: string, ops: readonly { action: string; path: string; cid: string | null }[], blocks: ReadonlyMap<string, Uint8Array>): Promise<void> {
    const brandDid = this.#did;
    if (brandDid === null) return;
    const addressed: IncomingItem[] = [];
    for (const op of ops) {
      const [collection, rkey] = op.path.split('/');
      if (collection === PROFILE) this.#profiles.delete(repo);
      if (op.action !== 'create' || collection !== POST || rkey === undefined || op.cid === null) continue;
      const bytes = blocks.get(op.cid);
      if (bytes === undefined) continue;
      let record: CborValue;
      try {
        record = decode(bytes);
      } catch (error: unknown) {
        this.#context.log.warn('bluesky: undecodable record', { path: op.path, error: String(error) });
        continue;
      }
      if (record === null || typeof record !== 'object' || Array.isArray(record) || record instanceof Uint8Array) continue;
      const post = record as PostRecord;
      const uri = `at://${repo}/${op.path}`;
      if (repo === brandDid) {
        if (post.reply !== undefined) addressed.push(await this.#toItem(uri, op.cid, post, 'brand-reply', repo, null));
        continue;
      }
      const kind = classifyPost(post, brandDid);
      if (kind !== null) {
        addressed.push(await this.#toItem(uri, op.cid, post, kind, repo, null));
        continue;
      }
      const text = typeof post.text === 'string' ? post.text : '';
      const ruleId = this.#context.sink.match(text);
      if (ruleId !== null) addressed.push(await this.#toItem(uri, op.cid, post, 'listening', repo, ruleId));
    }
    if (addressed.length > 0) await this.#context.sink.deliver(addressed);
  }

  async #toItem(uri: string, cid: string | null, post: PostRecord, kind: IncomingItem['kind'], authorDid: string, ruleId: string | null): Promise<IncomingItem> {
    const rawText = typeof post.text === 'string' ? post.text : '';
    const createdAt = typeof post.createdAt === 'string' ? Date.parse(post.createdAt) : NaN;
    const parentUri = stringOr(post.reply?.parent?.uri, null);
    const rootUri = stringOr(post.reply?.root?.uri, null);
    return {
      accountId: this.accountId,
      network: this.network,
      kind,
      visibility: 'public',
      uri,
      cid,
      conversationId: rootUri !== null && rootUri.startsWith('at://') ? rootUri : uri,
      parentUri: parentUri !== null && parentUri.startsWith('at://') ? parentUri : null,
      author: await this.#author(authorDid),
      text: sanitizeText(rawText, LIMITS.postText),
      links: linksFromFacets(rawText, post.facets),
      createdAt: Number.isFinite(createdAt) ? createdAt : this.#context.clock.now(),
      receivedAt: this.#context.clock.now(),
      ruleId,
    };
  }

  #advanceFirehose(seq: number): void {
    const first = this.#cursors.firehoseSeq === null;
    if (!first && seq <= (this.#cursors.firehoseSeq ?? -1)) return;
    this.#cursors.firehoseSeq = seq;
    // Without a saved cursor a restart subscribes at the live tip and never sees what was posted while the
    // app was down: the first position is saved at once, later ones (a replay is harmless) batched.
    if (first) {
      this.#cursorSave.cancel();
      void this.#saveCursors();
      return;
    }
    if (!this.#cursorSave.armed) this.#cursorSave.arm(CURSOR_SAVE_MS, () => void this.#saveCursors());
  }

  async #saveCursors(): Promise<void> {
    try {
      await this.#cursorFile.write({ ...this.#cursors });
    } catch (error: unknown) {
      this.#context.log.warn('bluesky: could not save cursors', { error: String(error) });
    }
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
      for (let page = 0; page < 20; page += 1) {
        const response = await chat.convo.getLog(this.#cursors.chatCursor === null ? {} : { cursor: this.#cursors.chatCursor });
        const items: IncomingItem[] = [];
        for (const log of response.data.logs) {
          if (log.$type !== 'chat.bsky.convo.defs#logCreateMessage') continue;
          const entry = log as ChatBskyConvoDefs.LogCreateMessage;
          if (entry.message.$type !== 'chat.bsky.convo.defs#messageView') continue;
          items.push(await this.#messageItem(entry.convoId, entry.message as ChatBskyConvoDefs.MessageView, brandDid));
        }
        if (items.length > 0) await this.#context.sink.deliver(items);
        const next = response.data.cursor ?? null;
        if (next === null || next === this.#cursors.chatCursor) break;
        this.#cursors.chatCursor = next;
        await this.#saveCursors();
        if (response.data.logs.length === 0) break;
      }
    } catch (error: unknown) {
      this.#context.log.warn('bluesky: chat log poll failed', { error: String(error) });
    } finally {
      this.#chatPolling = false;
    }
    if (generation === this.#generation) this.#scheduleChatPoll(this.#options.chatPollMs ?? 2_000);
  }

  async #messageItem(convoId: string, message: ChatBskyConvoDefs.MessageView, brandDid: string): Promise<IncomingItem> {
    const sentAt = Date.parse(message.sentAt);
    return {
      accountId: this.accountId,
      network: this.network,
      kind: message.sender.did === brandDid ? 'brand-message' : 'message',
      visibility: 'private',
      uri: `chat:${convoId}/${message.id}`,
      cid: null,
      conversationId: convoId,
      parentUri: null,
      author: await this.#author(message.sender.did),
      text: sanitizeText(message.text, LIMITS.postText),
      links: linksFromFacets(message.text, message.facets),
      createdAt: Number.isFinite(sentAt) ? sentAt : this.#context.clock.now(),
      receivedAt: this.#context.clock.now(),
      ruleId: null,
    };
  }

  // --- profiles and threads -------------------------------------------------------------

  async #author(did: string): Promise<SocialAuthor> {
    const cached = this.#profiles.get(did);
    if (cached !== undefined && this.#context.clock.now() - cached.fetchedAt < PROFILE_TTL_MS) return cached.author;
    try {
      const author = await this.#fetchProfile(did);
      this.#profiles.set(did, { author, fetchedAt: this.#context.clock.now() });
      return author;
    } catch (error: unknown) {
      // The item must not be lost because its author's profile could not be read: show the DID.
      this.#context.log.warn('bluesky: profile unavailable', { did, error: String(error) });
      return { did, handle: this.#handles.get(did) ?? did, displayName: '', description: '', avatarUrl: null, followers: null, following: null };
    }
  }

  async #fetchProfile(actor: string): Promise<SocialAuthor> {
    if (this.#appView === true) {
      const { data } = await this.#agent.app.bsky.actor.getProfile({ actor });
      return {
        did: data.did,
        handle: sanitizeText(data.handle, LIMITS.handle, { singleLine: true }),
        displayName: sanitizeText(data.displayName, LIMITS.displayName, { singleLine: true }),
        description: sanitizeText(data.description, LIMITS.description),
        avatarUrl: safeHttpUrl(data.avatar),
        followers: typeof data.followersCount === 'number' ? data.followersCount : null,
        following: typeof data.followsCount === 'number' ? data.followsCount : null,
      };
    }
    const did = actor.startsWith('did:') ? actor : (await this.#agent.com.atproto.identity.resolveHandle({ handle: actor })).data.did;
    let handle = this.#handles.get(did);
    if (handle === undefined) {
      handle = (await this.#agent.com.atproto.repo.describeRepo({ repo: did })).data.handle;
      this.#handles.set(did, handle);
    }
    let value: { displayName?: unknown; description?: unknown; avatar?: { ref?: unknown } } = {};
    try {
      const record = await this.#agent.com.atproto.repo.getRecord({ repo: did, collection: PROFILE, rkey: 'self' });
      value = record.data.value;
    } catch (error: unknown) {
      if (!(error instanceof XRPCError && (httpStatus(error) === 400 || httpStatus(error) === 404))) throw error;
    }
    // A blob ref is a CID object once @atproto/api has parsed the record, or `{ $link }` in raw JSON.
    const ref = value.avatar?.ref as { $link?: unknown; toString(): string } | null | undefined;
    const avatarCid = ref === null || ref === undefined ? null : typeof ref.$link === 'string' ? ref.$link : ref.toString();
    const avatarUrl =
      avatarCid !== null && /^[a-z0-9]+$/i.test(avatarCid)
        ? safeHttpUrl(`${new URL('/xrpc/com.atproto.sync.getBlob', this.#context.service).toString()}?did=${encodeURIComponent(did)}&cid=${avatarCid}`)
        : null;
    return {
      did,
      handle: sanitizeText(handle, LIMITS.handle, { singleLine: true }),
      displayName: sanitizeText(value.displayName, LIMITS.displayName, { singleLine: true }),
      description: sanitizeText(value.description, LIMITS.description),
      avatarUrl,
      followers: null,
      following: null,
    };
  }

  async getProfile(actor: string): Promise<SocialAuthor> {
    const author = await this.#fetchProfile(actor);
    this.#profiles.set(author.did, { author, fetchedAt: this.#context.clock.now() });
    return author;
  }

  /** The post and its ancestors up to the root that are by or addressed to the brand, read from the repos (the desk adds what it journalled). */
  async getThread(uri: string): Promise<IncomingItem[]> {
    const brandDid = this.#did;
    const items: IncomingItem[] = [];
    let next: string | null = uri;
    for (let depth = 0; next !== null && depth < 20; depth += 1) {
      const parts = parseAtUri(next);
      if (parts === null) break;
      const { data } = await this.#agent.com.atproto.repo.getRecord({ repo: parts.repo, collection: parts.collection, rkey: parts.rkey });
      const post = data.value as PostRecord;
      const did = parts.repo;
      // Only posts by or addressed to the brand become items; other context posts have no item kind (yet).
      const kind = brandDid !== null && did === brandDid ? 'brand-reply' : brandDid === null ? null : classifyPost(post, brandDid);
      if (kind !== null) items.unshift(await this.#toItem(data.uri, data.cid ?? null, post, kind, did, null));
      next = stringOr(post.reply?.parent?.uri, null);
    }
    return items;
  }

  // --- sending ----------------------------------------------------------------------

  async send(op: SendOperation): Promise<SendResult> {
    const brandDid = this.#did;
    if (brandDid === null || this.#machine.is('credentials-rejected')) throw new SendFailure(true, 'social.errors.notConnected');
    try {
      switch (op.kind) {
        case 'reply':
          return await this.#sendReply(brandDid, op);
        case 'like':
          return await this.#sendLike(brandDid, op);
        case 'message':
          return await this.#sendMessage(brandDid, op);
      }
    } catch (error: unknown) {
      const failure = failureOf(error);
      if (failure.messageKey === 'social.errors.credentialsRejected') this.reconnect();
      throw failure;
    }
  }

  /** The record at `rkey` when an earlier attempt already wrote it. */
  async #existing(repo: string, collection: string, rkey: string): Promise<{ uri: string; cid: string | null; value: unknown } | null> {
    try {
      const { data } = await this.#agent.com.atproto.repo.getRecord({ repo, collection, rkey });
      return { uri: data.uri, cid: data.cid ?? null, value: data.value };
    } catch (error: unknown) {
      if (error instanceof XRPCError && (httpStatus(error) === 400 || httpStatus(error) === 404)) return null;
      throw error;
    }
  }

  async #sendReply(brandDid: string, op: Extract<SendOperation, { kind: 'reply' }>): Promise<SendResult> {
    const rkey = tidFor(op.createdAt, op.key);
    const earlier = await this.#existing(brandDid, POST, rkey);
    if (earlier !== null) {
      return { uri: earlier.uri, item: await this.#toItem(earlier.uri, earlier.cid, earlier.value as PostRecord, 'brand-reply', brandDid, null) };
    }
    const parts = parseAtUri(op.parentUri);
    if (parts === null || parts.collection !== POST) throw new SendFailure(false, 'social.errors.notFound');
    const parent = await this.#agent.com.atproto.repo.getRecord({ repo: parts.repo, collection: POST, rkey: parts.rkey });
    if (parent.data.cid === undefined) throw new SendFailure(false, 'social.errors.notFound');
    const parentRef: StrongRef = { uri: parent.data.uri, cid: parent.data.cid };
    const parentRoot = (parent.data.value as PostRecord).reply?.root;
    const rootRef: StrongRef =
      typeof parentRoot?.uri === 'string' && typeof parentRoot.cid === 'string' ? { uri: parentRoot.uri, cid: parentRoot.cid } : parentRef;
    const text = new RichText({ text: op.text });
    text.detectFacetsWithoutResolution();
    const record = {
      $type: POST,
      text: text.text,
      ...(text.facets !== undefined && text.facets.length > 0 ? { facets: text.facets } : {}),
      reply: { root: rootRef, parent: parentRef },
      createdAt: new Date(op.createdAt).toISOString(),
    };
    const created = await this.#agent.com.atproto.repo.createRecord({ repo: brandDid, collection: POST, rkey, record });
    return { uri: created.data.uri, item: await this.#toItem(created.data.uri, created.data.cid, record, 'brand-reply', brandDid, null) };
  }

  async #sendLike(brandDid: string, op: Extract<SendOperation, { kind: 'like' }>): Promise<SendResult> {
    const rkey = tidFor(op.createdAt, op.key);
    const collection = 'app.bsky.feed.like';
    const earlier = await this.#existing(brandDid, collection, rkey);
    if (earlier !== null) return { uri: earlier.uri, item: null };
    const record = { $type: collection, subject: { uri: op.uri, cid: op.cid }, createdAt: new Date(op.createdAt).toISOString() };
    const created = await this.#agent.com.atproto.repo.createRecord({ repo: brandDid, collection, rkey, record });
    return { uri: created.data.uri, item: null };
  }

  /**
   * The chat API has no idempotency key, so a retry first looks for the
   * message an earlier attempt may have delivered: the brand's own message in
   * that conversation with the same text, sent at or after the entry was
   * queued (less 2 s of clock skew). Two identical texts queued for the same
   * customer within that window would collapse into one.
   */
  async #sendMessage(brandDid: string, op: Extract<SendOperation, { kind: 'message' }>): Promise<SendResult> {
    const chat = this.#chat;
    if (chat === null) throw new SendFailure(false, 'social.errors.privateMessagesUnavailable');
    const convo = await chat.convoWith(op.toDid);
    const recent = await chat.convo.getMessages({ convoId: convo.id, limit: 50 });
    for (const message of recent.data.messages) {
      if (message.$type !== 'chat.bsky.convo.defs#messageView') continue;
      const view = message as ChatBskyConvoDefs.MessageView;
      if (view.sender.did === brandDid && view.text === op.text && Date.parse(view.sentAt) >= op.createdAt - 2_000) {
        const item = await this.#messageItem(convo.id, view, brandDid);
        return { uri: item.uri, item };
      }
    }
    const sent = await chat.convo.sendMessage({ convoId: convo.id, message: { text: op.text } });
    const item = await this.#messageItem(convo.id, sent.data, brandDid);
    return { uri: item.uri, item };
  }
}

class MissingPassword extends Error {
  constructor() {
    super('no app password stored for this account');
    this.name = 'MissingPassword';
  }
}
