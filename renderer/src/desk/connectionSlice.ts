import type { ConnectionState } from '@tandem/contract';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from '../store/store';

export interface ConnectionSlice {
  /** Main's SIP/host connection as last reported by `connection:state` or `getConnectionState`. */
  connection: ConnectionState;
  /** Whether main has said anything yet (an event is newer than a startup read still in flight). */
  connectionKnown: boolean;
  readonly connectionChanged: (state: ConnectionState) => void;
  /** Reads the state at startup and after a reconnect: main only announces changes, and some may have happened unheard. */
  readonly loadConnectionState: () => Promise<void>;
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (deps) => (set, get) => {
  /** Events heard so far: a read answers for the moment it was asked, so one heard meanwhile is newer. */
  let heard = 0;
  return {
    // Nothing has been reported yet: assume the safe answer until main says otherwise.
    connection: 'offline',
    connectionKnown: false,
    connectionChanged(connection) {
      heard += 1;
      set({ connection, connectionKnown: true });
    },
    async loadConnectionState() {
      const heardBefore = heard;
      const result = await callTandem(deps.api, (api) => api.getConnectionState({}));
      if (!result.ok) return get().reportProblem('loadConnection', result.error);
      // After a reconnect too: what the window heard before it asked is older than the answer.
      if (heard === heardBefore) set({ connection: result.value.state, connectionKnown: true });
      get().dismissProblem('loadConnection');
    },
  };
};
