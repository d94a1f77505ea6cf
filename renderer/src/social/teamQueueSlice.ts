import { type TeamConversation, type TeamSelf, type TeamViewing } from '@tandem/contract';
import { claimsKept, isTeamDesk, leaseRuns, type ConversationClaim } from './claimSlice';
import { conversationsUpdate } from './conversationChanges';
import type { ConversationStatus } from './socialTables';
import { pageKeeps } from './conversationsInUse';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from '../store/store';

/**
 * The team's queue as main hears it from the database (contract/teamQueue.ts):
 * who handles each conversation, its status, who else has it open, and this
 * agent's own row (the role decides who may take a conversation over). Claims
 * land in the claim slice, so the inbox and the composer show another desk's
 * claim exactly like a race this desk lost; statuses land in Dexie like the
 * agent's own. A solo desk never asks: there is no team to hear from.
 */
export interface TeamQueueSlice {
  /** This agent as the team database knows them; null on a solo desk or before the first read. */
  teamSelf: TeamSelf | null;
  /** Other agents' viewing rows, by agent id. */
  teamViewing: Readonly<Record<string, TeamViewing>>;
  /** Reads the whole queue: at start, after a reconnect to main, and when the team database comes back. */
  readonly loadTeamQueue: () => Promise<void>;
  readonly teamConversationChanged: (conversation: TeamConversation) => void;
  readonly teamViewingChanged: (viewing: TeamViewing) => void;
  /**
   * Tells the team which conversation this agent has open (null: none). The
   * conversation view says it again every VIEWING_RENEW_MS while it stays
   * open (useViewingPresence.ts); a row nobody renews lapses by itself.
   */
  readonly announceViewing: (conversationId: string | null) => void;
  /** A status set on this desk: team-wide through the database on a team desk (the claim rule applies). */
  readonly setTeamStatus: (conversationId: string, status: ConversationStatus) => Promise<void>;
}

/** The claim a team row means for this agent. */
export function claimOf(conversation: TeamConversation, self: TeamSelf | null): ConversationClaim {
  const { handler, leaseUntil } = conversation;
  if (handler === null) return { state: 'free', holder: null, leaseUntil: null, problem: null };
  if (self !== null && handler.id === self.id) return { state: 'mine', holder: null, leaseUntil, problem: null };
  return { state: 'other', holder: handler.name, leaseUntil, problem: null };
}

const withoutClaim = (claims: Readonly<Record<string, ConversationClaim>>, conversationId: string) => {
  const { [conversationId]: _gone, ...rest } = claims;
  return rest;
};

export const createTeamQueueSlice: SliceCreator<TeamQueueSlice> = (deps) => (set, get) => {
  const now = () => deps.now?.() ?? Date.now();
  /**
   * Keeps Dexie's statuses in step with the team's, in one transaction however many: a reload's queue is
   * up to 5 000 conversations. Only a status that differs is written (a conversation this desk has not
   * ingested yet is skipped, and one closed long ago is not brought back into memory for nothing).
   */
  const applyStatuses = async (statuses: readonly { readonly id: string; readonly status: ConversationStatus }[]) => {
    const held = get().inboxEntries;
    const differing = statuses.filter(({ id, status }) => held.get(id)?.status !== status);
    if (!deps.social || differing.length === 0) return;
    try {
      const changed = await deps.social.updateStatuses(differing, now());
      if (changed.length === 0) return;
      set((state) => conversationsUpdate(state, changed));
      get().holdFewerConversations();
    } catch {
      get().reportSocialProblem('update', { code: 'internal', messageKey: 'errors.internal' });
    }
  };
  const applyStatus = (id: string, status: ConversationStatus) => applyStatuses([{ id, status }]);

  const putClaim = (conversationId: string, claim: ConversationClaim) => set((state) => ({ claims: { ...state.claims, [conversationId]: claim } }));

  return {
    teamSelf: null,
    teamViewing: {},

    async loadTeamQueue() {
      if (!isTeamDesk(get())) return;
      const result = await callTandem(deps.api, (api) => api.getTeamQueue({}));
      // Offline: keep what this window knew; the next `connected` reads again.
      if (!result.ok) return;
      const { self, conversations, viewing: rows } = result.value;
      // One store update for the whole queue: one per conversation copied every claim each time and woke every
      // subscriber 5 000 times (tests/unit/social-ui/teamQueueLoad.test.ts).
      const claims = { ...get().claims };
      const held = new Set<string>();
      for (const conversation of conversations) {
        if (conversation.handler !== null) held.add(conversation.conversationId);
        claims[conversation.conversationId] = claimOf(conversation, self);
      }
      // Every live claim is in the snapshot: one this window still shows for another agent was let go meanwhile.
      for (const [id, claim] of Object.entries(claims)) {
        if (claim.state === 'other' && !held.has(id)) claims[id] = { state: 'free', holder: null, leaseUntil: null, problem: null };
      }
      // The queue names conversations closed long ago that the page let go of: their claims stay only while a lease runs.
      const kept = claimsKept(claims, pageKeeps(get()), now()) ?? claims;
      set({ teamSelf: self, teamViewing: Object.fromEntries(rows.map((row) => [row.viewer.id, row])), claims: kept });
      await applyStatuses(conversations.map((c) => ({ id: c.conversationId, status: c.status })));
    },

    teamConversationChanged(conversation) {
      const { conversationId } = conversation;
      const claim = claimOf(conversation, get().teamSelf);
      // One claim per team conversation ever heard grew without end: one the page does not hold keeps only a running lease.
      if (pageKeeps(get())(conversationId) || leaseRuns(claim, now())) putClaim(conversationId, claim);
      else if (get().claims[conversationId] !== undefined) set((state) => ({ claims: withoutClaim(state.claims, conversationId) }));
      void applyStatus(conversation.conversationId, conversation.status);
    },

    teamViewingChanged(row) {
      set((state) => ({ teamViewing: { ...state.teamViewing, [row.viewer.id]: row } }));
    },

    announceViewing(conversationId) {
      if (!isTeamDesk(get())) return;
      // Best effort: offline, the row simply lapses and the others stop seeing it.
      void callTandem(deps.api, (api) => api.setViewing({ conversationId }));
    },

    async setTeamStatus(conversationId, status) {
      if (!isTeamDesk(get())) return applyStatus(conversationId, status);
      const result = await callTandem(deps.api, (api) => api.setTeamConversationStatus({ conversationId, status }));
      if (!result.ok) {
        const offline = result.error.messageKey === 'team.errors.offline';
        return get().reportSocialProblem('update', offline ? { code: 'unavailable', messageKey: 'social.errors.teamOffline' } : result.error);
      }
      const outcome = result.value;
      if (!outcome.ok) {
        // Not in the team database (not ingested there yet): the status stays this desk's own.
        if (outcome.heldBy === null) return applyStatus(conversationId, status);
        putClaim(conversationId, { state: 'other', holder: outcome.heldBy.name, leaseUntil: get().claims[conversationId]?.leaseUntil ?? null, problem: null });
        return get().reportSocialProblem('update', { code: 'rejected', messageKey: 'social.errors.statusHeld' });
      }
      get().teamConversationChanged(outcome.conversation);
    },
  };
};
