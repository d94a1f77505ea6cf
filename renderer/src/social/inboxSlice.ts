import type { SocialItem } from '@tandem/contract';
import type { ConversationStatus } from './socialTables';
import { callTandem } from '../tandemClient';
import { conversationsUpdate } from './conversationChanges';
import { isTeamDesk } from './claimSlice';
import type { SliceCreator } from '../store/store';

export type StatusFilter = 'active' | 'all' | ConversationStatus;
export type VisibilityFilter = 'all' | 'public' | 'private';

export interface InboxFilter {
  readonly status: StatusFilter;
  readonly visibility: VisibilityFilter;
}

export interface InboxSlice {
  inboxFilter: InboxFilter;
  selectedConversationId: string | null;
  /** The selected conversation's items, oldest first. */
  threadItems: readonly SocialItem[];
  readonly setInboxFilter: (filter: Partial<InboxFilter>) => void;
  /** Shows a conversation: its items from Dexie at once, then a fresh thread from the network. */
  readonly selectConversation: (id: string | null) => Promise<void>;
  /** Re-reads a conversation's items from Dexie when it is the selected one (after an ingest touched it). */
  readonly reloadThread: (id: string) => Promise<void>;
  readonly setConversationStatus: (id: string, status: ConversationStatus) => Promise<void>;
  readonly assignToMe: (id: string, assigned: boolean) => Promise<void>;
  /** Conversations ticked in the inbox for the bulk bar (x or the row's tick box). */
  inboxChecked: ReadonlySet<string>;
  readonly toggleInboxChecked: (id: string) => void;
  readonly clearInboxChecked: () => void;
  /** The bulk bar's Close: each ticked conversation closed as if closed one by one (on a team desk, under the claim rule). */
  readonly closeChecked: () => Promise<void>;
  /**
   * The bulk bar's "Assign to me": on a team desk each ticked conversation is
   * claimed through the team's claim path, so the database decides (a
   * conversation another agent holds stays theirs and says so); a solo desk
   * marks them assigned to this agent.
   */
  readonly assignCheckedToMe: () => Promise<void>;
}

export const createInboxSlice: SliceCreator<InboxSlice> = (deps) => (set, get) => {
  const loadThread = async (id: string) => {
    if (!deps.social) return;
    const items = await deps.social.thread(id);
    if (get().selectedConversationId === id) set({ threadItems: items });
  };

  const update = async (id: string, patch: { status?: ConversationStatus; assignedToMe?: boolean }) => {
    if (!deps.social) return;
    try {
      const next = await deps.social.updateConversation(id, patch, deps.now?.() ?? Date.now());
      if (next === null) return;
      set((state) => conversationsUpdate(state, [next]));
    } catch {
      get().reportSocialProblem('update', { code: 'internal', messageKey: 'errors.internal' });
    }
  };

  return {
    inboxFilter: { status: 'active', visibility: 'all' },
    selectedConversationId: null,
    threadItems: [],

    setInboxFilter(filter) {
      set((state) => ({ inboxFilter: { ...state.inboxFilter, ...filter } }));
    },

    async selectConversation(id) {
      set({ selectedConversationId: id, threadItems: [] });
      if (id === null) return;
      void get().loadComposer(id);
      try {
        // One closed over a week ago (opened from the customer's history) is read back into memory.
        await get().recallConversation(id);
        await loadThread(id);
      } catch {
        return get().reportSocialProblem('storage', { code: 'internal', messageKey: 'errors.internal' });
      }
      const conversation = get().conversations.get(id);
      // Private conversations have no public thread to fetch.
      if (conversation === undefined || conversation.visibility !== 'public' || !id.startsWith('at://')) return;
      const fresh = await callTandem(deps.api, (api) => api.getSocialThread({ accountId: conversation.accountId, uri: id }));
      if (!fresh.ok) return get().reportSocialProblem('thread', fresh.error);
      try {
        await deps.social?.addThreadItems(fresh.value.items.filter((item) => item.conversationId === id));
        await loadThread(id);
      } catch {
        get().reportSocialProblem('storage', { code: 'internal', messageKey: 'errors.internal' });
      }
    },

    async reloadThread(id) {
      if (get().selectedConversationId === id) await loadThread(id);
    },

    setConversationStatus(id, status) {
      // On a team desk the status is the team's: set in the database, under the claim rule (teamQueueSlice.ts).
      return isTeamDesk(get()) ? get().setTeamStatus(id, status) : update(id, { status });
    },

    assignToMe(id, assigned) {
      return update(id, { assignedToMe: assigned });
    },

    inboxChecked: new Set(),

    toggleInboxChecked(id) {
      set((state) => {
        const next = new Set(state.inboxChecked);
        if (!next.delete(id)) next.add(id);
        return { inboxChecked: next };
      });
    },

    clearInboxChecked() {
      if (get().inboxChecked.size > 0) set({ inboxChecked: new Set() });
    },

    async closeChecked() {
      const ids = [...get().inboxChecked];
      set({ inboxChecked: new Set() });
      await Promise.all(ids.map((id) => get().setConversationStatus(id, 'closed')));
    },

    async assignCheckedToMe() {
      const ids = [...get().inboxChecked];
      set({ inboxChecked: new Set() });
      const team = isTeamDesk(get());
      await Promise.all(ids.map((id) => (team ? get().takeConversation(id) : get().assignToMe(id, true))));
    },
  };
};
