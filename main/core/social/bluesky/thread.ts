import type { AtpAgent } from '@atproto/api';
import type { IncomingItem } from '../connector';
import { classifyPost, parseAtUri, stringOr, type PostRecord } from './commits';
import type { ItemBuilder } from './items';

/**
 * A post's thread as the repos hold it: the post and its ancestors, walked up
 * parent by parent (at most 20 hops, so a hostile chain cannot keep us
 * reading), oldest first. The desk merges in what it journalled.
 */
const MAX_DEPTH = 20;

/**
 * Which item a thread post becomes: the brand's own posts are its replies,
 * others only when addressed to the brand; other context posts have no item
 * kind (yet). Before login (no brand DID) nothing qualifies.
 */
export function threadItemKind(authorDid: string, brandDid: string | null, post: PostRecord): IncomingItem['kind'] | null {
  if (brandDid === null) return null;
  return authorDid === brandDid ? 'brand-reply' : classifyPost(post, brandDid);
}

export async function readThread(agent: AtpAgent, items: ItemBuilder, uri: string, brandDid: string | null): Promise<IncomingItem[]> {
  const found: IncomingItem[] = [];
  let next: string | null = uri;
  for (let depth = 0; next !== null && depth < MAX_DEPTH; depth += 1) {
    const parts = parseAtUri(next);
    if (parts === null) break;
    const { data } = await agent.com.atproto.repo.getRecord({ repo: parts.repo, collection: parts.collection, rkey: parts.rkey });
    const post = data.value as PostRecord;
    const kind = threadItemKind(parts.repo, brandDid, post);
    if (kind !== null) found.unshift(await items.post(data.uri, data.cid ?? null, post, kind, parts.repo, null));
    next = stringOr(post.reply?.parent?.uri, null);
  }
  return found;
}
