import type { ConnectionState } from '../../../preload/contract';
import type { SliceCreator } from './store';

export interface ConnectionSlice {
  /** Main's SIP/host connection as last reported by `connection:state`. */
  connection: ConnectionState;
  readonly connectionChanged: (state: ConnectionState) => void;
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = () => (set) => ({
  // Nothing has been reported yet; main announces every change, so assume the safe answer.
  connection: 'offline',
  connectionChanged(connection) {
    set({ connection });
  },
});
