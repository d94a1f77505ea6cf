import type { Conversation } from './socialTables';
import { conversationsUpdate } from './conversationChanges';
import { conversationsInUse } from './conversationsInUse';
import { entryOf, sameEntry } from './inboxEntry';
import { heldToLetGo } from './heldConversations';
import type { SliceCreator } from '../store/store';

/**
 * Which conversations the page holds in full (heldConversations.ts), and how one it does not is read
 * back from IndexedDB: a row scrolled to, a case or a call's message, one closed long ago.
 */
export interface HeldConversationsSlice {
  /**
   * Conversations read from IndexedDB on demand join the page's memory, unless it already holds a newer
   * copy; one closed over a week ago (closedInMemory.ts) leaves again with the closed ones.
   */
  readonly rememberConversations: (conversations: readonly Conversation[]) => void;
  /** Reads one conversation the page does not hold in full (off screen, or closed over a week ago) back into memory; nothing when it holds it or IndexedDB has none. */
  readonly recallConversation: (id: string) => Promise<void>;
  /**
   * The inbox's rows on screen and their neighbours, by id: held in full while they are.
   * Not state (nothing renders from it); the inbox says it whenever its window changes.
   */
  readonly showInboxRows: (ids: readonly string[]) => void;
  /** Reads the conversations among `ids` that the page has an entry for but does not hold in full, in one IndexedDB read. */
  readonly readConversations: (ids: readonly string[]) => Promise<void>;
  /** Lets go of the full summaries past CONVERSATIONS_HELD, never one on screen or open on the desk; their entries stay. */
  readonly holdFewerConversations: () => void;
}

export const createHeldConversationsSlice: SliceCreator<HeldConversationsSlice> = (deps) => (set, get) => {
  /** The inbox's rows on screen and around it (`showInboxRows`). */
  let shownRows: ReadonlySet<string> = new Set();
  /** Ids being read by `readConversations`, so a render during the read doesn't ask again. */
  const reading = new Set<string>();

  return {
    rememberConversations(found) {
      const { conversations: held, inboxEntries: entries } = get();
      const fresh = found.filter((c) => {
        const mine = held.get(c.id);
        if (mine !== undefined) return mine.lastItemAt < c.lastItemAt;
        // Read while a change was being written: IndexedDB's copy as it was, which the change then replaced.
        const entry = entries.get(c.id);
        return entry === undefined || entry.lastItemAt < c.lastItemAt || sameEntry(entry, entryOf(c));
      });
      if (fresh.length === 0) return;
      set((state) => conversationsUpdate(state, fresh));
      get().holdFewerConversations();
    },

    async recallConversation(id) {
      if (get().conversations.has(id) || !deps.social) return;
      const stored = await deps.social.conversation(id);
      if (stored !== undefined) get().rememberConversations([stored]);
    },

    showInboxRows(ids) {
      shownRows = new Set(ids);
    },

    async readConversations(ids) {
      const { conversations: held, inboxEntries: entries } = get();
      const wanted = ids.filter((id) => !held.has(id) && entries.has(id) && !reading.has(id));
      if (wanted.length === 0 || !deps.social) return;
      for (const id of wanted) reading.add(id);
      try {
        const stored = await deps.social.conversationsById(wanted);
        get().rememberConversations(stored.filter((c) => c !== undefined));
      } catch {
        get().reportSocialProblem('storage', { code: 'internal', messageKey: 'errors.internal' });
      } finally {
        for (const id of wanted) reading.delete(id);
      }
    },

    holdFewerConversations() {
      const state = get();
      const inUse = conversationsInUse(state);
      const gone = heldToLetGo(state.conversations, (id) => inUse.has(id) || shownRows.has(id));
      // In place and without a version: no reader shows what went (the inbox's rows on screen stay), and one that needs it reads it back.
      const held = state.conversations as Map<string, Conversation>;
      for (const id of gone) held.delete(id);
    },
  };
};
