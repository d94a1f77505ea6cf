import type { CallInfo } from '@tandem/contract';
import type { CallLogEntry } from './callLogTables';
import type { SliceCreator } from '../store/store';

export const RECENT_CALLS = 20;

export interface CallLogSlice {
  /** The last calls from the call log, newest first; null until read. */
  recentCalls: readonly CallLogEntry[] | null;
  readonly loadRecentCalls: () => Promise<void>;
  /** Writes an ended call to the log (idempotent by call id) and refreshes the list. */
  readonly recordCall: (call: CallInfo) => Promise<void>;
  /** Writes the ended calls the log lacks (main's snapshot after a reconnect) and refreshes the list; returns those written. */
  readonly recordMissingCalls: (calls: readonly CallInfo[]) => Promise<readonly CallInfo[]>;
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
  async recordMissingCalls(calls) {
    if (!deps.callLog || calls.length === 0) return [];
    let written: readonly CallInfo[];
    try {
      written = await deps.callLog.recordMissing(calls);
    } catch {
      get().reportProblem('loadCallLog', { code: 'internal', messageKey: 'errors.internal' });
      return [];
    }
    if (written.length > 0) await get().loadRecentCalls();
    return written;
  },
});
