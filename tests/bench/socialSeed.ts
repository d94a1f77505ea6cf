/**
 * The social bench's generator, bundled (esbuild, IIFE) and evaluated in a page of the host's
 * origin once the desk has created its database: it writes conversations and their customer
 * posts with the shapes the app writes (renderer/src/social/socialTables.ts, contract/social.ts),
 * with raw IndexedDB `put`s, one transaction per chunk, relaxed durability. Raw rather than
 * Dexie: it opens the database at whatever version the build under test made (BENCH_OUT runs an
 * older build, whose schema may lack the inbox's sort key), and writes that key only when the
 * schema has its index, with the app's own function (social/inboxSortKey.ts).
 *
 * Deterministic, so runs are comparable.
 */
import type { SocialItem } from '@tandem/contract';
import { INBOX_KEY_INDEX } from '../../renderer/src/social/inboxHead';
import { withInboxKey } from '../../renderer/src/social/inboxSortKey';
import type { Conversation } from '../../renderer/src/social/socialTables';

export interface SocialSeedReport {
  readonly conversations: number;
  readonly ms: number;
  /** Whether the build's schema has the inbox's sort key (written with every row when it does). */
  readonly inboxKey: boolean;
}

const WORDS = ['phone', 'battery', 'screen', 'order', 'courier', 'refund', 'love', 'great', 'broken', 'terrible', 'slow', 'thanks', 'help', 'app'];
const SCORES: Record<string, number> = { love: 3, great: 3, broken: -1, terrible: -3, slow: -2, thanks: 2, help: 2 };
const STATUSES = ['new', 'new', 'open', 'waiting', 'closed'] as const;

function rowsOf(i: number, total: number, now: number): { conversation: Conversation; item: SocialItem } {
  const handle = `customer${i % 20_000}.bsky.test`;
  const did = `did:plc:seed${(i % 20_000).toString(36).padStart(20, '0')}`;
  const picked = [WORDS[i % WORDS.length], WORDS[(i * 7) % WORDS.length], WORDS[(i * 13) % WORDS.length]] as string[];
  const text = `@acmecorp.test hi, about my ${picked.join(' and ')}: conversation ${i} needs a look when you can, it has been a while (${i})`;
  const sentimentWords = picked.filter((w) => SCORES[w] !== undefined).map((word) => ({ word, score: SCORES[word] ?? 0 }));
  const sentimentScore = sentimentWords.reduce((sum, w) => sum + w.score, 0) / 3;
  const uri = `at://${did}/app.bsky.feed.post/3seed${i.toString(36).padStart(8, '0')}`;
  const createdAt = now - (total - i) * 30_000;
  const isPrivate = i % 10 === 0;
  const status = STATUSES[i % STATUSES.length] ?? 'new';
  const id = isPrivate ? `convo-${i}` : uri;
  const author = { did, handle, displayName: `Customer ${i % 20_000}`, description: '', avatarUrl: null, followers: (i * 37) % 5_000, following: 10 };
  return {
    conversation: {
      id,
      network: 'bluesky',
      accountId: 'bluesky:acmecorp.test',
      visibility: isPrivate ? 'private' : 'public',
      status,
      assignedToMe: i % 7 === 0,
      lastItemAt: createdAt,
      firstWaitingSince: status === 'waiting' || status === 'closed' ? null : createdAt,
      authorDid: did,
      authorHandle: handle,
      authorDisplayName: author.displayName,
      authorFollowers: author.followers,
      sentimentScore,
      sentimentWords,
      priority: 0,
      replyToUri: isPrivate ? null : uri,
      preview: text,
      itemCount: 1,
    },
    item: {
      seq: i,
      accountId: 'bluesky:acmecorp.test',
      network: 'bluesky',
      kind: isPrivate ? 'message' : 'mention',
      visibility: isPrivate ? 'private' : 'public',
      uri: isPrivate ? `msg-${i}` : uri,
      cid: isPrivate ? null : `bafyseed${i}`,
      conversationId: id,
      parentUri: null,
      author,
      text,
      links: [],
      createdAt,
      receivedAt: createdAt,
      ruleId: null,
    },
  };
}

const done = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('seeding failed'));
    tx.onabort = () => reject(tx.error ?? new Error('seeding aborted'));
  });

/** Writes `total` conversations (and each one's customer post) into the desk's `tandem` database, `chunk` per transaction. */
export async function seedSocial(total: number, chunk: number): Promise<SocialSeedReport> {
  const started = performance.now();
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    // No version: the one the desk under test created.
    const request = indexedDB.open('tandem');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
  });
  if (!db.objectStoreNames.contains('conversations')) throw new Error('the desk has not created its database yet');
  const keyed = db.transaction('conversations').objectStore('conversations').indexNames.contains(INBOX_KEY_INDEX);
  const now = Date.now();
  for (let start = 0; start < total; start += chunk) {
    const tx = db.transaction(['conversations', 'socialItems'], 'readwrite', { durability: 'relaxed' });
    const conversations = tx.objectStore('conversations');
    const items = tx.objectStore('socialItems');
    for (let i = start; i < Math.min(total, start + chunk); i += 1) {
      const { conversation, item } = rowsOf(i, total, now);
      conversations.put(keyed ? withInboxKey(conversation) : conversation);
      items.put(item);
    }
    await done(tx);
  }
  db.close();
  return { conversations: total, ms: performance.now() - started, inboxKey: keyed };
}

Reflect.set(globalThis, '__socialSeed', seedSocial);
