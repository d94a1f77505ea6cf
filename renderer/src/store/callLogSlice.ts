import type { CallInfo } from '@tandem/contract';
import type { CallLogEntry } from '../data/callLogTables';
import type { SliceCreator } from './store';

export const RECENT_CALLS = 20;

export interface CallLogSlice {
  /** The last calls from the call log, newest first; null until read. */
  recentCalls: readonly CallLogEntry[] | null;
  readonly loadRecentCalls: () => Promise<void>;
  /** Writes an ended call to the log (idempotent by call id) and refreshes the list. */
  readonly recordCall: (call: CallInfo) => Promise<void>;
}

export const createCallLogSlice: SliceCreator<CallLogSlice> = (deps) => (set, get) => ({
  recentCalls: null,
  async loadRecentCalls() {
    if (!deps.callLog) return set({ recentCalls: [] });
    try {
      set({ recentCalls: await deps.callLog.recent(RECENT_CALLS) });
      get().dismissProblem('loadCallLog');
    } catch {
      // IndexedDB can be unavailable (private mode, quota, a blocked upgrade): the phone still works.
      get().reportProblem('loadCallLog', { code: 'internal', messageKey: 'errors.internal' });
    }
  },
  async recordCall(call) {
    if (!deps.callLog) return;
    try {
      await deps.callLog.record(call);
    } catch {
      return get().reportProblem('loadCallLog', { code: 'internal', messageKey: 'errors.internal' });
    }
    await get().loadRecentCalls();
  },
});
