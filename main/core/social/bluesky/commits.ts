import type { IncomingItem } from '../connector';
import { mentionedDids } from '../sanitize';
import { decode, type CborValue } from './cbor';
import type { RepoOp } from './firehose';

/**
 * Classifying what the firehose carries: which posts address the brand, and
 * which commit operations matter to the desk at all. Pure: records arrive as
 * untrusted CBOR from any repo on the service, so every field is `unknown`
 * until checked here, and nothing in this module touches the network.
 *
 * A post addresses the brand when it is a reply whose parent or root is a
 * brand post, a quote (`embed.record`) of a brand post, or carries a mention
 * facet with the brand's DID; anything else is a candidate for listening rules.
 */
export interface PostRecord {
  text?: unknown;
  facets?: unknown;
  createdAt?: unknown;
  /** BCP 47 tags the author's client set (app.bsky.feed.post `langs`, at most 3). */
  langs?: unknown;
  reply?: { root?: { uri?: unknown; cid?: unknown }; parent?: { uri?: unknown; cid?: unknown } };
  embed?: { $type?: unknown; record?: { uri?: unknown; cid?: unknown; record?: { uri?: unknown } } };
}

export const POST = 'app.bsky.feed.post';
export const PROFILE = 'app.bsky.actor.profile';

/** at://did/collection/rkey → its parts, or null. */
export function parseAtUri(uri: string): { repo: string; collection: string; rkey: string } | null {
  const match = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri);
  if (match === null) return null;
  return { repo: match[1] ?? '', collection: match[2] ?? '', rkey: match[3] ?? '' };
}

export const stringOr = (value: unknown, fallback: string | null): string | null => (typeof value === 'string' ? value : fallback);

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

/** What one operation of a commit means to the desk. */
export type CommitOpOutcome =
  | { readonly type: 'ignored' }
  /** The repo's profile record changed: a cached author is stale. */
  | { readonly type: 'profile-changed' }
  | { readonly type: 'undecodable'; readonly error: unknown }
  | {
      readonly type: 'item';
      readonly uri: string;
      readonly cid: string;
      readonly post: PostRecord;
      readonly kind: IncomingItem['kind'];
      readonly ruleId: string | null;
    };

const IGNORED: CommitOpOutcome = { type: 'ignored' };

/**
 * Classifies one operation of `repo`'s commit. Only created posts become
 * items: the brand's own replies (so a reply sent from another client shows in
 * the thread), posts addressed to the brand, and, only when neither, posts a
 * listening rule matches (`match` runs last so rules see only what is not
 * already kept).
 */
export function classifyCommitOp(
  repo: string,
  op: RepoOp,
  blocks: ReadonlyMap<string, Uint8Array>,
  brandDid: string,
  match: (text: string) => string | null,
): CommitOpOutcome {
  const [collection, rkey] = op.path.split('/');
  if (collection === PROFILE) return { type: 'profile-changed' };
  const cid = op.cid;
  if (op.action !== 'create' || collection !== POST || rkey === undefined || cid === null) return IGNORED;
  const bytes = blocks.get(cid);
  if (bytes === undefined) return IGNORED;
  let record: CborValue;
  try {
    record = decode(bytes);
  } catch (error: unknown) {
    return { type: 'undecodable', error };
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record) || record instanceof Uint8Array) return IGNORED;
  const post = record as PostRecord;
  const uri = `at://${repo}/${op.path}`;
  const found = (kind: IncomingItem['kind'], ruleId: string | null): CommitOpOutcome => ({ type: 'item', uri, cid, post, kind, ruleId });
  if (repo === brandDid) return post.reply === undefined ? IGNORED : found('brand-reply', null);
  const kind = classifyPost(post, brandDid);
  if (kind !== null) return found(kind, null);
  const ruleId = match(typeof post.text === 'string' ? post.text : '');
  return ruleId === null ? IGNORED : found('listening', ruleId);
}
