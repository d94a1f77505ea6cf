import * as z from 'zod';

/**
 * The social desk's half of the contract. Connectors (one per configured
 * account) live in main; what they receive is numbered in a persisted journal
 * so a window can always catch up from the last item it stored
 * (`social:sync`), and live items arrive as `social:items` events.
 */

export const CONNECTOR_STATES = ['disconnected', 'connecting', 'live', 'backoff', 'credentials-rejected'] as const;
export const ConnectorState = z.enum(CONNECTOR_STATES);
export type ConnectorState = z.infer<typeof ConnectorState>;

/**
 * What a network allows for a private message to one author (issue 15 item
 * 5), as its connector declares it. `audience` says who may be written to:
 * anyone; only authors who follow the brand; only authors who wrote to the
 * brand first; or whatever the author chose (Bluesky's chat declaration,
 * `chat.bsky.actor.declaration` `allowIncoming`: all, following, none).
 * `windowHours` is the time after the customer's last message in which a
 * private message may still go (Meta: 7 days after a public comment, then 24
 * hours in Messenger); null when the network has none.
 */
export const PrivateMessageRules = z.object({
  available: z.boolean(),
  audience: z.enum(['anyone', 'followers', 'wrote-first', 'author-setting']),
  windowHours: z.number().positive().nullable(),
  maxGraphemes: z.number().int().positive(),
});
export type PrivateMessageRules = z.infer<typeof PrivateMessageRules>;

export const ConnectorCapabilities = z.object({
  publicReply: z.boolean(),
  privateMessage: z.boolean(),
  like: z.boolean(),
  /** Longest text a post may have, in graphemes (Bluesky: 300). */
  maxGraphemes: z.number().int().positive(),
  /** Absent on a connector that declares none: the desk then treats private messages as `privateMessage` says, for anyone. */
  privateMessageRules: PrivateMessageRules.optional(),
});
export type ConnectorCapabilities = z.infer<typeof ConnectorCapabilities>;

export const ConnectorStatus = z.object({
  /** `network:handle`, e.g. `bluesky:acmecorp.test`. */
  accountId: z.string(),
  network: z.string(),
  handle: z.string(),
  state: ConnectorState,
  nextRetryAt: z.number().nullable(),
  lastErrorKey: z.string().nullable(),
  capabilities: ConnectorCapabilities,
});
export type ConnectorStatus = z.infer<typeof ConnectorStatus>;

export const SocialAuthor = z.object({
  did: z.string(),
  handle: z.string(),
  /** Sanitised text (controls and bidi overrides removed); always rendered as text. */
  displayName: z.string(),
  description: z.string(),
  /** http(s) only, else null. */
  avatarUrl: z.string().nullable(),
  followers: z.number().int().nonnegative().nullable(),
  following: z.number().int().nonnegative().nullable(),
});
export type SocialAuthor = z.infer<typeof SocialAuthor>;

export const SocialLink = z.object({ url: z.string(), text: z.string() });

export const SOCIAL_ITEM_KINDS = ['mention', 'reply', 'quote', 'message', 'brand-reply', 'brand-message', 'listening'] as const;

export const SocialItem = z.object({
  /** Local journal sequence: strictly increasing, the catch-up cursor. */
  seq: z.number().int().nonnegative(),
  accountId: z.string(),
  network: z.string(),
  kind: z.enum(SOCIAL_ITEM_KINDS),
  visibility: z.enum(['public', 'private']),
  /** Stable identity on the network (at:// URI for posts, convo/message id for messages): the de-duplication key. */
  uri: z.string(),
  cid: z.string().nullable(),
  /** Groups items into one conversation: the thread root URI, or the private conversation id. */
  conversationId: z.string(),
  parentUri: z.string().nullable(),
  author: SocialAuthor,
  text: z.string(),
  /** Links from facets, already filtered to http/https. */
  links: z.array(SocialLink),
  createdAt: z.number(),
  receivedAt: z.number(),
  /** For listening matches: the rule that matched. */
  ruleId: z.string().nullable(),
  /** The languages the author's client declared (BCP 47); absent when it did not say. The desk then guesses. */
  langs: z.array(z.string().max(35)).max(3).optional(),
  /**
   * The brand's own private message: who it went to, when the desk knows (it sent it). A conversation the
   * brand opens (from the call screen, issue 15) then shows its customer before they write a word.
   */
  recipient: SocialAuthor.optional(),
});
export type SocialItem = z.infer<typeof SocialItem>;

/**
 * Why a private message to this author cannot go now: the network has none
 * (`unavailable`), the author accepts messages from nobody
 * (`authorAllowsNone`) or only from accounts they follow
 * (`authorAllowsFollowing`), the network wants the author to follow the
 * brand (`mustFollow`) or to have written first (`mustWriteFirst`), the time
 * window after the customer's last message has passed (`windowClosed`), or
 * the network could not be asked (`unknown`).
 */
export const PRIVATE_STEP_REASONS = [
  'unavailable',
  'authorAllowsNone',
  'authorAllowsFollowing',
  'mustFollow',
  'mustWriteFirst',
  'windowClosed',
  'unknown',
] as const;
export const PrivateStep = z.discriminatedUnion('allowed', [
  z.object({ allowed: z.literal(true) }).strict(),
  z.object({ allowed: z.literal(false), reason: z.enum(PRIVATE_STEP_REASONS) }).strict(),
]);
export type PrivateStep = z.infer<typeof PrivateStep>;

export const ListeningRule = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(100),
    anyWords: z.array(z.string().min(1).max(100)).max(50),
    allWords: z.array(z.string().min(1).max(100)).max(50),
    excludeWords: z.array(z.string().min(1).max(100)).max(50),
  })
  .strict();
export type ListeningRule = z.infer<typeof ListeningRule>;

export const OUTBOX_STATES = ['queued', 'sending', 'sent', 'failed'] as const;
export const OutboxEntry = z.object({
  /** Chosen by the renderer; sending the same id twice never posts twice. */
  clientId: z.string(),
  accountId: z.string(),
  kind: z.enum(['reply', 'message', 'like']),
  state: z.enum(OUTBOX_STATES),
  attempts: z.number().int().nonnegative(),
  /** The post or message once sent. */
  uri: z.string().nullable(),
  lastErrorKey: z.string().nullable(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

const AccountId = z.string().min(1).max(300);
const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const AtUri = z.string().startsWith('at://').max(512);
const PostText = z.string().min(1).max(10_000);

export const socialRequests = {
  sync: z.object({ afterSeq: z.number().int().min(-1), limit: z.number().int().min(1).max(1000).default(500) }).strict(),
  reply: z.object({ accountId: AccountId, clientId: ClientId, parentUri: AtUri, text: PostText }).strict(),
  sendMessage: z.object({ accountId: AccountId, clientId: ClientId, toDid: z.string().startsWith('did:').max(256), text: PostText }).strict(),
  like: z.object({ accountId: AccountId, clientId: ClientId, uri: AtUri, cid: z.string().min(1).max(200) }).strict(),
  getProfile: z.object({ accountId: AccountId, actor: z.string().min(1).max(256) }).strict(),
  getThread: z.object({ accountId: AccountId, uri: AtUri }).strict(),
  /** May the brand message this author privately now? `lastCustomerMessageAt`: the author's latest item the desk holds (public or private), for the time window; `wroteFirst`: the author wrote to the brand privately before. */
  privateStep: z
    .object({
      accountId: AccountId,
      did: z.string().startsWith('did:').max(256),
      lastCustomerMessageAt: z.number().nullable(),
      wroteFirst: z.boolean(),
    })
    .strict(),
  setListeningRules: z.object({ rules: z.array(ListeningRule).max(100) }).strict(),
} as const;

export const SocialSnapshot = z.object({
  connectors: z.array(ConnectorStatus),
  /**
   * Main's outbox as a window needs it on load: every entry not yet sent, and
   * every sent like it remembers (a like has no journal item, so this is how a
   * post still reads "Liked" after a reload or a restart).
   */
  outbox: z.array(OutboxEntry),
  rules: z.array(ListeningRule),
  lastSeq: z.number().int(),
});
export type SocialSnapshot = z.infer<typeof SocialSnapshot>;
