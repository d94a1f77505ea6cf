import type { TeamDirectory, TeamDirectoryEntry } from '@tandem/contract';
import { isTeamDesk } from '../social/claimSlice';
import type { SliceCreator } from '../store/store';
import { callTandem } from '../tandemClient';

/**
 * The team database's directory of colleagues (name and SIP address, issue
 * 12 item 4), for the dial and transfer boxes (`dialDirectorySlice.ts`). Read
 * when the window starts and whenever the team connects; main announces it
 * whole when an agent is added or changed (`team:directory`). A solo desk
 * never asks: its boxes offer the profile's roster.
 */
export interface TeamDirectorySlice {
  /** Empty until read; what was last read stays while the team is offline. */
  teamDirectory: readonly TeamDirectoryEntry[];
  readonly teamDirectoryChanged: (directory: TeamDirectory) => void;
  readonly loadTeamDirectory: () => Promise<void>;
}

export const createTeamDirectorySlice: SliceCreator<TeamDirectorySlice> = (deps) => (set, get) => ({
  teamDirectory: [],
  teamDirectoryChanged({ agents }) {
    set({ teamDirectory: agents });
  },
  async loadTeamDirectory() {
    if (!isTeamDesk(get())) return;
    const result = await callTandem(deps.api, (api) => api.getTeamDirectory({}));
    // Offline: keep what this window knew; the next `connected` reads again.
    if (result.ok) set({ teamDirectory: result.value.agents });
  },
});
