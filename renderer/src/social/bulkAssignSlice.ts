import { callTandem } from '../tandemClient';
import type { SliceCreator } from '../store/store';

/** A teammate the ticked conversations can go to. */
export interface Assignee {
  readonly id: string;
  readonly name: string;
}

/**
 * A supervisor's "Assign selected to…" in the inbox's bulk bar (issue 12 §8).
 * Offered only when the team database says this login is a supervisor
 * (`teamSelf.role`, from `team:getQueue`); the teammates are the team's
 * `agents` rows, the same people the supervisor board lists, read with
 * `team:agents` (not `supervisor:getBoard`, which marks the window asking as
 * the supervisor view and so keeps calls' media away from it). Each ticked conversation goes through `team:assign`,
 * where the database decides; the queue's own changes then show the new
 * handler in every inbox, so nothing here writes a claim itself.
 */
export interface BulkAssignSlice {
  /** The teammates, sorted by name; null until read (or when the board was refused). */
  bulkAssignees: readonly Assignee[] | null;
  /** How many ticked conversations the last assign left where they were; 0 when none. */
  bulkAssignRefused: number;
  readonly loadBulkAssignees: () => Promise<void>;
  readonly assignCheckedTo: (agentId: string) => Promise<void>;
}

export const isSupervisorLogin = (state: { readonly teamSelf: { readonly role: string } | null }) => state.teamSelf?.role === 'supervisor';

export const createBulkAssignSlice: SliceCreator<BulkAssignSlice> = (deps) => (set, get) => ({
  bulkAssignees: null,
  bulkAssignRefused: 0,

  async loadBulkAssignees() {
    if (!isSupervisorLogin(get())) return;
    const result = await callTandem(deps.api, (api) => api.getTeamAgents({}));
    set({ bulkAssignees: result.ok ? result.value.agents : null });
  },

  async assignCheckedTo(agentId) {
    const conversationIds = [...get().inboxChecked];
    if (conversationIds.length === 0) return;
    set({ inboxChecked: new Set(), bulkAssignRefused: 0 });
    const result = await callTandem(deps.api, (api) => api.assignConversations({ conversationIds, agentId }));
    set({ bulkAssignRefused: result.ok ? result.value.refused.length : conversationIds.length });
  },
});
