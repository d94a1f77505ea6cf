import type { Availability, OwnAvailability, SupervisorBoard } from '@tandem/contract';
import { shareBoard } from './boardSharing';
import { supervisorErrorKey } from './supervisorErrors';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from '../store/store';

/**
 * The supervisor feature's state (issue 16): the agent's own availability for
 * the header's "Availability" control, whether this desk may open the
 * supervisor view, and the team board that view shows.
 */
export interface SupervisorSlice {
  /** Null on a solo desk (nowhere to store it) or before main answered. */
  availability: OwnAvailability | null;
  /** Whether the team database says this login is a supervisor; false until it said so. */
  supervisorAllowed: boolean;
  /**
   * The board; null until it was read (or when the database refused it). Agents that did not
   * change keep their object from one push to the next (`shareBoard`), so rows render only on change.
   */
  board: SupervisorBoard | null;
  /** Why the board could not be read (a key of our own texts). */
  boardProblem: ReturnType<typeof supervisorErrorKey> | null;
  /** Why the last availability choice or the view's opening failed (shown beside the control). */
  availabilityProblem: ReturnType<typeof supervisorErrorKey> | null;
  readonly availabilityChanged: (availability: OwnAvailability) => void;
  readonly boardChanged: (board: SupervisorBoard) => void;
  readonly loadAvailability: () => Promise<void>;
  readonly chooseAvailability: (state: Availability) => Promise<void>;
  readonly loadSupervisorAccess: () => Promise<void>;
  /** Electron opens a window of its own; otherwise the answer says to open `/supervisor` here. */
  readonly openSupervisorView: () => Promise<{ readonly opened: boolean }>;
  readonly loadBoard: () => Promise<void>;
}

export const createSupervisorSlice: SliceCreator<SupervisorSlice> = (deps) => (set, get) => ({
  availability: null,
  supervisorAllowed: false,
  board: null,
  boardProblem: null,
  availabilityProblem: null,
  availabilityChanged(availability) {
    set({ availability });
  },
  boardChanged(board) {
    const shared = shareBoard(get().board, board);
    if (shared === get().board && get().boardProblem === null) return;
    set({ board: shared, boardProblem: null });
  },
  async loadAvailability() {
    const result = await callTandem(deps.api, (api) => api.getAvailability({}));
    if (result.ok) set({ availability: result.value });
  },
  async chooseAvailability(state) {
    const result = await callTandem(deps.api, (api) => api.setAvailability({ state }));
    if (!result.ok) {
      set({ availabilityProblem: supervisorErrorKey(result.error) });
      return;
    }
    set({ availability: result.value, availabilityProblem: null });
  },
  async loadSupervisorAccess() {
    const result = await callTandem(deps.api, (api) => api.getSupervisorAccess({}));
    set({ supervisorAllowed: result.ok && result.value.allowed });
  },
  async openSupervisorView() {
    const result = await callTandem(deps.api, (api) => api.openSupervisorView({}));
    if (!result.ok) {
      set({ availabilityProblem: supervisorErrorKey(result.error) });
      return { opened: true };
    }
    return result.value;
  },
  async loadBoard() {
    const result = await callTandem(deps.api, (api) => api.getSupervisorBoard({}));
    if (!result.ok) {
      set({ board: null, boardProblem: supervisorErrorKey(result.error) });
      return;
    }
    set({ board: shareBoard(get().board, result.value), boardProblem: null });
  },
});
