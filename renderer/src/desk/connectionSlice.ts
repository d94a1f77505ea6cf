import type { ConnectionState } from '@tandem/contract';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from '../store/store';

export interface ConnectionSlice {
  /** Main's SIP/host connection as last reported by `connection:state` or `getConnectionState`. */
  connection: ConnectionState;
  /** Whether main has said anything yet (an event is newer than a startup read still in flight). */
  connectionKnown: boolean;
  readonly connectionChanged: (state: ConnectionState) => void;
  /** Reads the state once at startup: main only announces changes, and one may have happened before this window. */
  readonly loadConnectionState: () => Promise<void>;
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (deps) => (set, get) => ({
  // Nothing has been reported yet: assume the safe answer until main says otherwise.
  connection: 'offline',
  connectionKnown: false,
  connectionChanged(connection) {
    set({ connection, connectionKnown: true });
  },
  async loadConnectionState() {
    const result = await callTandem(deps.api, (api) => api.getConnectionState({}));
    if (!result.ok) return get().reportProblem('loadConnection', result.error);
    if (!get().connectionKnown) set({ connection: result.value.state, connectionKnown: true });
    get().dismissProblem('loadConnection');
  },
});
