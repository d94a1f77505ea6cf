import type { ContractError, RefusedTeamWrite, RefusedTeamWriteRef, TeamStatus } from '@tandem/contract';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from '../store/store';

/**
 * The dialog of writes the team database refused for good: `closed`, or open
 * with the list as main last read it (`writes` null while the first read is
 * on its way) and the last action's refusal, if any.
 */
export type TeamRefusedView =
  { readonly open: false } | { readonly open: true; readonly writes: readonly RefusedTeamWrite[] | null; readonly error: ContractError | null };

export interface TeamStatusSlice {
  /** The team database link as main last reported it; null until main said anything. */
  team: TeamStatus | null;
  readonly teamStatusChanged: (status: TeamStatus) => void;
  /** Reads the status once per connection to main: main only announces changes (`team:status`). */
  readonly loadTeamStatus: () => Promise<void>;
  teamRefused: TeamRefusedView;
  /** Opens the refused writes' dialog and reads the list. */
  readonly openTeamRefused: () => Promise<void>;
  readonly closeTeamRefused: () => void;
  /** Sends a refused write again (it joins the back of main's queue), then reads the list again. */
  readonly retryTeamRefused: (ref: RefusedTeamWriteRef) => Promise<void>;
  /** Drops a refused write for good (the agent chose to), then reads the list again. */
  readonly discardTeamRefused: (ref: RefusedTeamWriteRef) => Promise<void>;
}

export const createTeamStatusSlice: SliceCreator<TeamStatusSlice> = (deps) => (set, get) => {
  /** Reads the list while the dialog is open; an answer that comes after it closed is dropped. */
  async function readRefused(error: ContractError | null = null): Promise<void> {
    const result = await callTandem(deps.api, (api) => api.getRefusedTeamWrites({}));
    const view = get().teamRefused;
    if (!view.open) return;
    if (result.ok) set({ teamRefused: { open: true, writes: result.value.writes, error } });
    else set({ teamRefused: { ...view, error: result.error } });
  }
  async function act(call: 'retryRefusedTeamWrite' | 'discardRefusedTeamWrite', ref: RefusedTeamWriteRef): Promise<void> {
    const result = await callTandem(deps.api, (api) => api[call](ref));
    await readRefused(result.ok ? null : result.error);
  }

  return {
    team: null,
    teamStatusChanged(team) {
      const before = get().team?.refused;
      set({ team });
      // Another write refused (or one sent again and refused anew) while the agent has the list open: it follows.
      if (get().teamRefused.open && before !== team.refused) void readRefused();
    },
    async loadTeamStatus() {
      const result = await callTandem(deps.api, (api) => api.getTeamStatus({}));
      if (!result.ok) return get().reportProblem('loadTeamStatus', result.error);
      set({ team: result.value });
      get().dismissProblem('loadTeamStatus');
    },
    teamRefused: { open: false },
    async openTeamRefused() {
      set({ teamRefused: { open: true, writes: null, error: null } });
      await readRefused();
    },
    closeTeamRefused() {
      set({ teamRefused: { open: false } });
    },
    retryTeamRefused: (ref) => act('retryRefusedTeamWrite', ref),
    discardTeamRefused: (ref) => act('discardRefusedTeamWrite', ref),
  };
};
