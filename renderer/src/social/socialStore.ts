import Dexie from 'dexie';
import type { SocialItem } from '@tandem/contract';
import { belongsInInbox, foldConversation } from './conversationFold';
import { loadMeaning, type Analyse } from './meaning/meaningEngine';
import { INBOX_KEY_INDEX } from './inboxHead';
import { withInboxKey } from './inboxSortKey';
import { withClosedAt } from './closedInMemory';
import type { Conversation, ConversationStatus, SocialDraft, SocialSend, SocialTables } from './socialTables';

/** An item stored from a thread fetch rather than the journal: it still counts when the journal brings it. */
type StoredItem = SocialItem & { readonly fromThread?: true };

export interface IngestResult {
  /** Conversations that changed, as now stored. */
  readonly conversations: readonly Conversation[];
  /** Listening matches seen for the first time. */
  readonly listening: readonly SocialItem[];
  /** The highest journal seq now stored. */
  readonly lastSeq: number;
}

/** A customer's conversations read to find where a message to them goes: more than any real customer has with one brand. */
export const AUTHOR_CONVERSATIONS_READ = 500;

/** What the social slices need of Dexie; the implementation below, or a fake. */
export interface SocialStore {
  lastSeq(): Promise<number>;
  /** Stores journal items (upsert by URI) and folds the new ones into their conversations, in one transaction. */
  ingest(items: readonly SocialItem[], now: number): Promise<IngestResult>;
  /**
   * Up to `limit` conversations after the id `after` (null: from the first), in id order: the
   * whole table read in pages, so no single task deserialises 100 000 rows (seconds of main thread).
   */
  conversationsPage(after: string | null, limit: number): Promise<Conversation[]>;
  /**
   * The inbox's first `limit` conversations in its own order (customers waiting for us, most
   * urgent first; closed ones last), from one bounded read of the `inboxKey` index: enough for
   * the first screen before `conversations()` has read them all. Rows without a key (written by
   * something other than this store) are not in the index; the full read brings them.
   */
  inboxHead(limit: number): Promise<Conversation[]>;
  /** Sets a conversation's status or assignment; `now` stamps `closedAt` when it closes (and clears it when it reopens). */
  updateConversation(id: string, patch: { status?: ConversationStatus; assignedToMe?: boolean }, now: number): Promise<Conversation | null>;
  /**
   * The team's statuses (`team:getQueue`, `team:conversation`) written in one transaction: only those that
   * differ from the stored row; returns those rows as now stored. A conversation not stored yet is skipped.
   */
  updateStatuses(statuses: readonly { readonly id: string; readonly status: ConversationStatus }[], now: number): Promise<Conversation[]>;
  /** One stored conversation, for one that is not in the inbox's memory (closedInMemory.ts). */
  conversation(id: string): Promise<Conversation | undefined>;
  /** Stored conversations by id, in one read (the inbox's rows scrolled to that the page does not hold in full); undefined where none. */
  conversationsById(ids: readonly string[]): Promise<(Conversation | undefined)[]>;
  /** A customer's conversations (by their DID), newest first, at most `limit`: one read of the author index. */
  conversationsOf(authorDid: string, limit: number): Promise<Conversation[]>;
  /** One stored item by URI, or undefined when the journal has not brought it yet. */
  item(uri: string): Promise<SocialItem | undefined>;
  /** A conversation's items, oldest first. */
  thread(conversationId: string): Promise<SocialItem[]>;
  /** Adds items from a thread fetch that the journal hasn't brought yet (never touches the journal cursor). */
  addThreadItems(items: readonly SocialItem[]): Promise<void>;
  /** Newest listening matches first. */
  listening(limit: number): Promise<SocialItem[]>;
  draft(conversationId: string): Promise<SocialDraft | undefined>;
  saveDraft(draft: SocialDraft): Promise<void>;
  sends(conversationId: string): Promise<SocialSend[]>;
  recordSend(send: SocialSend): Promise<void>;
  /** Main reported the send delivered: the thread shows it from now on, a reload must not list it as unconfirmed. */
  forgetSend(clientId: string): Promise<void>;
}

/** The inbox's first `limit` conversations in its own order: one bounded read of the `inboxKey` index. */
export function readInboxHead(db: Dexie & SocialTables, limit: number): Promise<Conversation[]> {
  return db.conversations.orderBy(INBOX_KEY_INDEX).limit(limit).toArray();
}

/** `early`: the inbox's head when the page asked for it before the desk was wired (data/earlyReads.ts). */
export function createSocialStore(
  db: Dexie & SocialTables,
  early?: { takeInboxHead(limit: number): Promise<Conversation[]> | null },
  meaning: () => Promise<Analyse> = loadMeaning,
): SocialStore {
  return {
    async lastSeq() {
      return (await db.socialMeta.get('lastSeq'))?.value ?? -1;
    },
    async ingest(items, now) {
      // Loaded before the transaction: IndexedDB commits a transaction that waits on anything else.
      const analyse = items.some(belongsInInbox) ? await meaning() : null;
      return db.transaction('rw', db.socialItems, db.conversations, db.socialMeta, async () => {
        const unique = [...new Map(items.map((item) => [item.uri, item])).values()];
        const stored = (await db.socialItems.bulkGet(unique.map((item) => item.uri))) as (StoredItem | undefined)[];
        const fresh = unique.filter((_, i) => stored[i] === undefined || stored[i]?.fromThread === true);
        await db.socialItems.bulkPut(unique);

        const inbox = fresh.filter(belongsInInbox);
        const ids = [...new Set(inbox.map((item) => item.conversationId))];
        const found = await db.conversations.bulkGet(ids);
        const byId = new Map<string, Conversation>();
        ids.forEach((id, i) => {
          const conversation = found[i];
          if (conversation !== undefined) byId.set(id, conversation);
        });
        if (analyse !== null) {
          for (const item of [...inbox].sort((a, b) => a.createdAt - b.createdAt)) {
            byId.set(item.conversationId, foldConversation(byId.get(item.conversationId), item, now, analyse));
          }
        }
        const changed = [...byId.values()].filter((conversation) => ids.includes(conversation.id)).map(withInboxKey);
        await db.conversations.bulkPut(changed);

        const previousSeq = (await db.socialMeta.get('lastSeq'))?.value ?? -1;
        const lastSeq = items.reduce((max, item) => Math.max(max, item.seq), previousSeq);
        if (lastSeq !== previousSeq) await db.socialMeta.put({ key: 'lastSeq', value: lastSeq });
        return { conversations: changed, listening: fresh.filter((item) => !belongsInInbox(item)), lastSeq };
      });
    },
    conversationsPage(after, limit) {
      return (after === null ? db.conversations.toCollection() : db.conversations.where(':id').above(after)).limit(limit).toArray();
    },
    inboxHead(limit) {
      return early?.takeInboxHead(limit) ?? readInboxHead(db, limit);
    },
    updateConversation(id, patch, now) {
      return db.transaction('rw', db.conversations, async () => {
        const conversation = await db.conversations.get(id);
        if (conversation === undefined) return null;
        const next = withInboxKey(withClosedAt(conversation, { ...conversation, ...patch }, now));
        await db.conversations.put(next);
        return next;
      });
    },
    updateStatuses(statuses, now) {
      return db.transaction('rw', db.conversations, async () => {
        const stored = await db.conversations.bulkGet(statuses.map((s) => s.id));
        const changed: Conversation[] = [];
        statuses.forEach(({ status }, i) => {
          const conversation = stored[i];
          if (conversation !== undefined && conversation.status !== status) {
            changed.push(withInboxKey(withClosedAt(conversation, { ...conversation, status }, now)));
          }
        });
        await db.conversations.bulkPut(changed);
        return changed;
      });
    },
    conversation(id) {
      return db.conversations.get(id);
    },
    conversationsById(ids) {
      return db.conversations.bulkGet([...ids]);
    },
    conversationsOf(authorDid, limit) {
      return db.conversations.where('[authorDid+lastItemAt]').between([authorDid, Dexie.minKey], [authorDid, Dexie.maxKey]).reverse().limit(limit).toArray();
    },
    item(uri) {
      return db.socialItems.get(uri);
    },

    async thread(conversationId) {
      const items = await db.socialItems.where('conversationId').equals(conversationId).toArray();
      return items.sort((a, b) => a.createdAt - b.createdAt);
    },
    async addThreadItems(items) {
      await db.transaction('rw', db.socialItems, async () => {
        const stored = await db.socialItems.bulkGet(items.map((item) => item.uri));
        const missing = items.filter((_, i) => stored[i] === undefined).map((item): StoredItem => ({ ...item, fromThread: true }));
        if (missing.length > 0) await db.socialItems.bulkPut(missing);
      });
    },
    listening(limit) {
      return db.socialItems
        .where('kind')
        .equals('listening')
        .reverse()
        .sortBy('createdAt')
        .then((items) => items.slice(0, limit));
    },
    draft(conversationId) {
      return db.socialDrafts.get(conversationId);
    },
    async saveDraft(draft) {
      await db.socialDrafts.put(draft);
    },
    sends(conversationId) {
      return db.socialSends.where('conversationId').equals(conversationId).sortBy('createdAt');
    },
    async recordSend(send) {
      await db.socialSends.put(send);
    },
    async forgetSend(clientId) {
      await db.socialSends.delete(clientId);
    },
  };
}
