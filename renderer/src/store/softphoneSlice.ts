import { callTandem } from '../tandemClient';
import type { SliceCreator } from './store';

/**
 * The softphone's state in the renderer. For now only the dial a tel:/sip:
 * link asked for; registration and calls join it when the softphone lands.
 */
export interface SoftphoneSlice {
  /** The number or SIP URI the agent is about to call, as main received it. */
  pendingDial: string | null;
  readonly dialRequested: (target: string) => void;
  readonly clearPendingDial: () => void;
  /** Picks up links opened before this window could take them. */
  readonly takePendingDial: () => Promise<void>;
}

export const createSoftphoneSlice: SliceCreator<SoftphoneSlice> = (deps) => (set, get) => ({
  pendingDial: null,
  dialRequested(target) {
    set({ pendingDial: target });
  },
  clearPendingDial() {
    set({ pendingDial: null });
  },
  async takePendingDial() {
    const result = await callTandem(deps.api, (api) => api.takePendingDial({}));
    if (!result.ok) return get().reportProblem('takePendingDial', result.error);
    // The most recent link wins; a `dial:requested` that arrived meanwhile is newer still.
    const latest = result.value.at(-1);
    if (latest !== undefined && get().pendingDial === null) set({ pendingDial: latest.target });
  },
});
