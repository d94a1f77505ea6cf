import type { AtpAgent } from '@atproto/api';
import type { AuthorChatFacts } from '../privateStep';
import { isNotFound } from './errors';

/**
 * Who may start a Bluesky chat with an author: the author's own
 * `chat.bsky.actor.declaration` record (rkey `self`) says `allowIncoming`
 * all, following (only accounts the author follows) or none. An account that
 * never wrote one gets Bluesky's default, following. Both facts are read from
 * the author's repo, so a bare PDS answers them (no AppView needed).
 */
export const CHAT_DECLARATION = 'chat.bsky.actor.declaration';
const FOLLOW = 'app.bsky.graph.follow';
const DEFAULT_ALLOW_INCOMING = 'following';
/** Follow lists are paged 100 at a time; past this many pages we say "unknown" rather than read a celebrity's whole graph. */
const MAX_FOLLOW_PAGES = 20;

const ALLOW_INCOMING = ['all', 'following', 'none'] as const;
type AllowIncoming = (typeof ALLOW_INCOMING)[number];
const isAllowIncoming = (value: unknown): value is AllowIncoming => typeof value === 'string' && (ALLOW_INCOMING as readonly string[]).includes(value);

export async function allowIncomingOf(agent: AtpAgent, authorDid: string): Promise<AllowIncoming> {
  try {
    const { value } = (await agent.com.atproto.repo.getRecord({ repo: authorDid, collection: CHAT_DECLARATION, rkey: 'self' })).data;
    const allow = (value as { allowIncoming?: unknown }).allowIncoming;
    // A value this desk does not know is read as the default, never as "all".
    return isAllowIncoming(allow) ? allow : DEFAULT_ALLOW_INCOMING;
  } catch (error: unknown) {
    if (isNotFound(error)) return DEFAULT_ALLOW_INCOMING;
    throw error;
  }
}

export async function followsOf(agent: AtpAgent, authorDid: string, subjectDid: string): Promise<boolean | null> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_FOLLOW_PAGES; page++) {
    const { data } = await agent.com.atproto.repo.listRecords({ repo: authorDid, collection: FOLLOW, limit: 100, ...(cursor === undefined ? {} : { cursor }) });
    if (data.records.some((record) => (record.value as { subject?: unknown }).subject === subjectDid)) return true;
    if (data.cursor === undefined || data.records.length === 0) return false;
    cursor = data.cursor;
  }
  return null;
}

export async function chatFactsOf(agent: AtpAgent, authorDid: string, brandDid: string): Promise<AuthorChatFacts> {
  const allowIncoming = await allowIncomingOf(agent, authorDid);
  // Only "following" needs the follow graph.
  const followsBrand = allowIncoming === 'following' ? await followsOf(agent, authorDid, brandDid) : null;
  return { allowIncoming, followsBrand };
}
