import type { ContractError } from '@tandem/contract';
import { moveLocalHistory, type JoinReport, type MoveProgress } from '../customers/teamJoin/moveHistory';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from '../store/store';

/**
 * First join (issue 11): the desk offers, once, to move its own history into
 * the team it has just connected to (contract/teamJoin.ts).
 *
 *   idle ──(connected, main says "unasked", Dexie has history)──▶ offered
 *   offered ──Move──▶ moving ──▶ done (report shown, downloadable)
 *                        └──▶ failed ──Try again──▶ moving
 *   offered / failed ──Not now──▶ idle (asked again next start)
 *   offered ──Don't ask again──▶ idle (main remembers "declined")
 *   idle ──(connected, main says "moving": a move was cut off)──▶ moving (resumed without asking)
 *
 * Main keeps whether the move was accepted, done or declined, per team
 * database; the offer is looked at once per page load.
 */
export type TeamJoinPhase = 'idle' | 'offered' | 'moving' | 'failed' | 'done';

export interface TeamJoinView {
  readonly phase: TeamJoinPhase;
  readonly progress: MoveProgress;
  readonly report: JoinReport | null;
  readonly error: ContractError | null;
  /** Whether this page has looked at main's join state and the cache (once per page load). */
  readonly checked: boolean;
}

export interface TeamJoinSlice {
  teamJoin: TeamJoinView;
  /** The team connected: offer the move (or resume one that was cut off) unless already looked at in this page. */
  readonly checkTeamJoin: () => Promise<void>;
  readonly acceptTeamJoin: () => Promise<void>;
  /** "Not now": asked again the next time the desk starts. */
  readonly postponeTeamJoin: () => void;
  /** "Don't ask again". */
  readonly declineTeamJoin: () => Promise<void>;
  /** Closes the report. */
  readonly closeTeamJoin: () => void;
}

const IDLE: TeamJoinView = { phase: 'idle', progress: { customers: 0, rows: 0 }, report: null, error: null, checked: false };

export const createTeamJoinSlice: SliceCreator<TeamJoinSlice> = (deps) => (set, get) => {
  let checked = false;
  const now = deps.now ?? Date.now;
  const view = (patch: Partial<TeamJoinView>) => set({ teamJoin: { ...get().teamJoin, ...patch } });
  const fail = (error: ContractError) => view({ phase: 'failed', error });

  const run = async () => {
    const history = deps.localHistory;
    if (history === undefined) return;
    view({ phase: 'moving', progress: IDLE.progress, error: null });
    const moved = await moveLocalHistory(
      history,
      (batch) => callTandem(deps.api, (api) => api.moveHistoryToTeam(batch)),
      (progress) => view({ progress }),
    );
    if (!moved.ok) return fail(moved.error);
    try {
      await history.repoint(moved.merged, now());
    } catch {
      // The team has everything; the cache keeps the local rows beside the team's until the feed brings them.
      fail({ code: 'internal', messageKey: 'teamJoin.errors.repoint' });
      return;
    }
    const done = await callTandem(deps.api, (api) => api.setTeamJoinState({ state: 'done' }));
    if (!done.ok) return fail(done.error);
    view({ phase: 'done', report: moved.report, checked: true });
  };

  return {
    teamJoin: IDLE,
    async checkTeamJoin() {
      const history = deps.localHistory;
      if (checked || history === undefined || get().teamJoin.phase !== 'idle') return;
      checked = true;
      const state = await callTandem(deps.api, (api) => api.getTeamJoinState({}));
      if (state.ok && state.value.state === 'moving') return run();
      // The cache unreadable (closing, or storage refused): nothing to offer now; the next start looks again.
      const offer = state.ok && state.value.state === 'unasked' && (await history.hasHistory().catch(() => false));
      view(offer ? { phase: 'offered', checked: true } : { checked: true });
    },
    async acceptTeamJoin() {
      const accepted = await callTandem(deps.api, (api) => api.setTeamJoinState({ state: 'moving' }));
      if (!accepted.ok) return fail(accepted.error);
      await run();
    },
    postponeTeamJoin() {
      set({ teamJoin: { ...IDLE, checked: true } });
    },
    async declineTeamJoin() {
      const declined = await callTandem(deps.api, (api) => api.setTeamJoinState({ state: 'declined' }));
      if (!declined.ok) return fail(declined.error);
      set({ teamJoin: { ...IDLE, checked: true } });
    },
    closeTeamJoin() {
      set({ teamJoin: { ...IDLE, checked: true } });
    },
  };
};
