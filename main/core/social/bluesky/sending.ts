import { RichText, XRPCError, type AtpAgent } from '@atproto/api';
import { SendFailure, type SendOperation, type SendResult } from '../connector';
import type { ChatBskyConvoDefs, ChatClient } from './chat';
import { parseAtUri, POST, type PostRecord } from './commits';
import { httpStatus, isNotFound } from './errors';
import type { ItemBuilder } from './items';
import { tidFor } from './tid';

/**
 * The outbox's network side for Bluesky. Sends are idempotent per outbox
 * entry: posts and likes are written with `createRecord` under a record key
 * derived from the entry (see `tid.ts`), and an attempt first checks whether
 * that record already exists. Private messages have no such key; see
 * {@link earlierMessage}. The connector decides whether a send may run at all
 * (logged in, credentials not rejected) and what a failure does to the
 * connection; this module only talks to the repos and the chat service.
 */
type ReplyOperation = Extract<SendOperation, { kind: 'reply' }>;
type LikeOperation = Extract<SendOperation, { kind: 'like' }>;
type MessageOperation = Extract<SendOperation, { kind: 'message' }>;

interface StrongRef {
  uri: string;
  cid: string;
}

const LIKE = 'app.bsky.feed.like';
/** How far the chat service's clock may run behind ours when looking for an earlier attempt's message. */
const CLOCK_SKEW_MS = 2_000;
/** How many pages of 100 messages a send looks back through for an earlier attempt. */
const MESSAGE_PAGES = 10;

/** What an error from a send means for the outbox: retry later, or give up with this message key. */
export function failureOf(error: unknown): SendFailure {
  if (error instanceof SendFailure) return error;
  if (error instanceof XRPCError) {
    const status = httpStatus(error);
    if (status === 401 || status === 403) return new SendFailure(true, 'social.errors.credentialsRejected', error.message);
    if (status === 429) return new SendFailure(true, 'social.errors.rateLimited', error.message);
    if (isNotFound(error)) {
      const key = error.error === 'RecordNotFound' ? 'social.errors.notFound' : 'social.errors.rejectedByNetwork';
      return new SendFailure(false, key, error.message);
    }
  }
  return new SendFailure(true, 'social.errors.unreachable', String(error));
}

/** The reply post: threaded under `parent`, in the parent's thread (its root, or the parent itself when it is the root). */
export function replyRecord(op: ReplyOperation, parent: StrongRef, parentRecord: PostRecord) {
  const parentRoot = parentRecord.reply?.root;
  const root: StrongRef = typeof parentRoot?.uri === 'string' && typeof parentRoot.cid === 'string' ? { uri: parentRoot.uri, cid: parentRoot.cid } : parent;
  const text = new RichText({ text: op.text });
  text.detectFacetsWithoutResolution();
  // Without resolution a mention's "did" is the handle, which the PDS refuses ("Invalid DID"): an unresolved
  // mention stays plain text (the customer is notified by the reply itself); links and tags keep their facets.
  const facets = (text.facets ?? []).filter((facet) => facet.features.every((feature) => !isMention(feature) || feature.did.startsWith('did:')));
  return {
    $type: POST,
    text: text.text,
    ...(facets.length > 0 ? { facets } : {}),
    reply: { root, parent },
    createdAt: new Date(op.createdAt).toISOString(),
  };
}

const isMention = (feature: unknown): feature is { did: string } =>
  (feature as { $type?: unknown }).$type === 'app.bsky.richtext.facet#mention' && typeof (feature as { did?: unknown }).did === 'string';

export function likeRecord(op: LikeOperation) {
  return { $type: LIKE, subject: { uri: op.uri, cid: op.cid }, createdAt: new Date(op.createdAt).toISOString() };
}

/**
 * The chat API has no idempotency key (`chat.bsky.convo.sendMessage` takes a
 * conversation and the message, nothing else), so every attempt first looks
 * for the message an earlier attempt may have delivered, on this desk or on a
 * desk that stopped before it could say so: the brand's own message in that
 * conversation with the same text, sent at or after the entry was queued
 * (less 2 s of clock skew). Limits: two identical texts queued for the same
 * customer one after the other collapse into one; two desks whose look and
 * send interleave (a desk cut from the team database but not from the
 * network, while another takes its row over) can both send.
 */
export function earlierMessage(recent: readonly { $type?: string }[], brandDid: string, op: MessageOperation): ChatBskyConvoDefs.MessageView | null {
  for (const message of recent) {
    if (message.$type !== 'chat.bsky.convo.defs#messageView') continue;
    const view = message as ChatBskyConvoDefs.MessageView;
    if (view.sender.did === brandDid && view.text === op.text && Date.parse(view.sentAt) >= op.createdAt - CLOCK_SKEW_MS) return view;
  }
  return null;
}

export class BlueskySender {
  constructor(
    private readonly agent: AtpAgent,
    private readonly chat: ChatClient | null,
    private readonly items: ItemBuilder,
  ) {}

  /** Performs `op` as the brand; throws what the network said (map it with {@link failureOf}). */
  async send(brandDid: string, op: SendOperation): Promise<SendResult> {
    switch (op.kind) {
      case 'reply':
        return this.#reply(brandDid, op);
      case 'like':
        return this.#like(brandDid, op);
      case 'message':
        return this.#message(brandDid, op);
    }
  }

  /** The record at `rkey` when an earlier attempt already wrote it. */
  async #existing(repo: string, collection: string, rkey: string): Promise<{ uri: string; cid: string | null; value: unknown } | null> {
    try {
      const { data } = await this.agent.com.atproto.repo.getRecord({ repo, collection, rkey });
      return { uri: data.uri, cid: data.cid ?? null, value: data.value };
    } catch (error: unknown) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async #reply(brandDid: string, op: ReplyOperation): Promise<SendResult> {
    const rkey = tidFor(op.createdAt, op.key);
    const earlier = await this.#existing(brandDid, POST, rkey);
    if (earlier !== null) {
      return { uri: earlier.uri, item: await this.items.post(earlier.uri, earlier.cid, earlier.value as PostRecord, 'brand-reply', brandDid, null) };
    }
    const parts = parseAtUri(op.parentUri);
    if (parts === null || parts.collection !== POST) throw new SendFailure(false, 'social.errors.notFound');
    const parent = await this.agent.com.atproto.repo.getRecord({ repo: parts.repo, collection: POST, rkey: parts.rkey });
    if (parent.data.cid === undefined) throw new SendFailure(false, 'social.errors.notFound');
    const record = replyRecord(op, { uri: parent.data.uri, cid: parent.data.cid }, parent.data.value);
    let created;
    try {
      created = await this.agent.com.atproto.repo.createRecord({ repo: brandDid, collection: POST, rkey, record });
    } catch (error: unknown) {
      // Another desk (one that took this row over, or the one that stopped) wrote the key between our look and our write:
      // the PDS refuses a second record under it, and the one there is this send.
      const raced = await this.#existing(brandDid, POST, rkey).catch(() => null);
      if (raced === null) throw error;
      return { uri: raced.uri, item: await this.items.post(raced.uri, raced.cid, raced.value as PostRecord, 'brand-reply', brandDid, null) };
    }
    return { uri: created.data.uri, item: await this.items.post(created.data.uri, created.data.cid, record, 'brand-reply', brandDid, null) };
  }

  async #like(brandDid: string, op: LikeOperation): Promise<SendResult> {
    const rkey = tidFor(op.createdAt, op.key);
    const earlier = await this.#existing(brandDid, LIKE, rkey);
    if (earlier !== null) return { uri: earlier.uri, item: null };
    const created = await this.agent.com.atproto.repo.createRecord({ repo: brandDid, collection: LIKE, rkey, record: likeRecord(op) });
    return { uri: created.data.uri, item: null };
  }

  /**
   * Looks back through the conversation (newest first, page by page) until
   * the messages are older than the entry: a desk taking over a send long
   * after it was queued still sees an earlier attempt behind newer messages.
   */
  async #earlierMessage(chat: ChatClient, convoId: string, brandDid: string, op: MessageOperation): Promise<ChatBskyConvoDefs.MessageView | null> {
    let cursor: string | undefined;
    for (let page = 0; page < MESSAGE_PAGES; page += 1) {
      const { data } = await chat.convo.getMessages({ convoId, limit: 100, ...(cursor === undefined ? {} : { cursor }) });
      const found = earlierMessage(data.messages, brandDid, op);
      if (found !== null) return found;
      const oldest = data.messages.at(-1) as { sentAt?: unknown } | undefined;
      const older = typeof oldest?.sentAt === 'string' && Date.parse(oldest.sentAt) < op.createdAt - CLOCK_SKEW_MS;
      if (data.cursor === undefined || data.messages.length === 0 || older) return null;
      cursor = data.cursor;
    }
    return null;
  }

  async #message(brandDid: string, op: MessageOperation): Promise<SendResult> {
    const chat = this.chat;
    if (chat === null) throw new SendFailure(false, 'social.errors.privateMessagesUnavailable');
    const convo = await chat.convoWith(op.toDid);
    const earlier = await this.#earlierMessage(chat, convo.id, brandDid, op);
    const item = await this.items.message(
      convo.id,
      earlier ?? (await chat.convo.sendMessage({ convoId: convo.id, message: { text: op.text } })).data,
      brandDid,
      op.toDid,
    );
    return { uri: item.uri, item };
  }
}
