import type { SocialAuthor } from '@tandem/contract';
import type { Clock } from '../../time/clock';
import type { IncomingItem } from '../connector';
import { LIMITS, linksFromFacets, sanitizeText } from '../sanitize';
import { stringOr, type PostRecord } from './commits';
import type { ChatBskyConvoDefs } from './chat';
import type { ProfileDirectory } from './profiles';

/**
 * Turning Bluesky records into the desk's social items. The pure functions
 * take the author already resolved, so what reaches the journal (sanitised
 * text, links only from facets, thread ids only from at:// URIs, a clock
 * fallback for an unparseable date) is testable without a network;
 * {@link ItemBuilder} adds the author from the profile directory.
 */
/** app.bsky.feed.post allows three language tags. */
const MAX_LANGS = 3;
const MAX_TAG_LENGTH = 35;

export interface ItemOrigin {
  readonly accountId: string;
  readonly network: string;
  /** When the desk received it: also the creation time when the record's own date is unusable. */
  readonly now: number;
}

export function postItem(
  origin: ItemOrigin,
  uri: string,
  cid: string | null,
  post: PostRecord,
  kind: IncomingItem['kind'],
  author: SocialAuthor,
  ruleId: string | null,
): IncomingItem {
  const rawText = typeof post.text === 'string' ? post.text : '';
  const createdAt = typeof post.createdAt === 'string' ? Date.parse(post.createdAt) : NaN;
  const parentUri = stringOr(post.reply?.parent?.uri, null);
  const rootUri = stringOr(post.reply?.root?.uri, null);
  const langs = postLangs(post.langs);
  return {
    accountId: origin.accountId,
    network: origin.network,
    kind,
    visibility: 'public',
    uri,
    cid,
    conversationId: rootUri !== null && rootUri.startsWith('at://') ? rootUri : uri,
    parentUri: parentUri !== null && parentUri.startsWith('at://') ? parentUri : null,
    author,
    text: sanitizeText(rawText, LIMITS.postText),
    links: linksFromFacets(rawText, post.facets),
    createdAt: Number.isFinite(createdAt) ? createdAt : origin.now,
    receivedAt: origin.now,
    ruleId,
    ...(langs.length === 0 ? {} : { langs }),
  };
}

/** The record's language tags, when they look like BCP 47 tags: what the desk judges the post's meaning in. */
function postLangs(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((tag): tag is string => typeof tag === 'string' && tag.length <= MAX_TAG_LENGTH && isLanguageTag(tag)).slice(0, MAX_LANGS);
}

const isLanguageTag = (tag: string) => tag.split('-').every((part, index) => (index === 0 ? /^[A-Za-z]{2,3}$/ : /^[A-Za-z0-9]{1,8}$/).test(part));

/**
 * A chat message; the brand's own messages are `brand-message`, so the desk shows both sides of the conversation.
 * `recipient`: who the brand's message went to, when the caller knows (it sent it); a message from the chat log
 * names no recipient.
 */
export function messageItem(
  origin: ItemOrigin,
  convoId: string,
  message: ChatBskyConvoDefs.MessageView,
  brandDid: string,
  author: SocialAuthor,
  recipient: SocialAuthor | null = null,
): IncomingItem {
  const sentAt = Date.parse(message.sentAt);
  const ours = message.sender.did === brandDid;
  return {
    accountId: origin.accountId,
    network: origin.network,
    kind: ours ? 'brand-message' : 'message',
    visibility: 'private',
    uri: `chat:${convoId}/${message.id}`,
    cid: null,
    conversationId: convoId,
    parentUri: null,
    author,
    text: sanitizeText(message.text, LIMITS.postText),
    links: linksFromFacets(message.text, message.facets),
    createdAt: Number.isFinite(sentAt) ? sentAt : origin.now,
    receivedAt: origin.now,
    ruleId: null,
    ...(ours && recipient !== null ? { recipient } : {}),
  };
}

/** Builds items for one account, with each author read (and cached) by the profile directory. */
export class ItemBuilder {
  constructor(
    private readonly account: { readonly accountId: string; readonly network: string; readonly clock: Clock },
    private readonly profiles: ProfileDirectory,
  ) {}

  async post(uri: string, cid: string | null, post: PostRecord, kind: IncomingItem['kind'], authorDid: string, ruleId: string | null): Promise<IncomingItem> {
    const author = await this.profiles.author(authorDid);
    return postItem(this.#origin(), uri, cid, post, kind, author, ruleId);
  }

  /** `recipientDid`: who the brand's message went to, when the desk sent it. */
  async message(convoId: string, message: ChatBskyConvoDefs.MessageView, brandDid: string, recipientDid: string | null = null): Promise<IncomingItem> {
    const author = await this.profiles.author(message.sender.did);
    const recipient = recipientDid === null || message.sender.did !== brandDid ? null : await this.profiles.author(recipientDid);
    return messageItem(this.#origin(), convoId, message, brandDid, author, recipient);
  }

  #origin(): ItemOrigin {
    return { accountId: this.account.accountId, network: this.account.network, now: this.account.clock.now() };
  }
}
