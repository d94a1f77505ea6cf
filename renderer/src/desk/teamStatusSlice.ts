import type { TeamStatus } from '@tandem/contract';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from '../store/store';

export interface TeamStatusSlice {
  /** The team database link as main last reported it; null until main said anything. */
  team: TeamStatus | null;
  readonly teamStatusChanged: (status: TeamStatus) => void;
  /** Reads the status once per connection to main: main only announces changes (`team:status`). */
  readonly loadTeamStatus: () => Promise<void>;
}

export const createTeamStatusSlice: SliceCreator<TeamStatusSlice> = (deps) => (set, get) => ({
  team: null,
  teamStatusChanged(team) {
    set({ team });
  },
  async loadTeamStatus() {
    const result = await callTandem(deps.api, (api) => api.getTeamStatus({}));
    if (!result.ok) return get().reportProblem('loadTeamStatus', result.error);
    set({ team: result.value });
    get().dismissProblem('loadTeamStatus');
  },
});
