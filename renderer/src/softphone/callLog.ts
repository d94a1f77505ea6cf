import type { CallInfo } from '@tandem/contract';
import type Dexie from 'dexie';
import type { CallLogEntry, CallLogTables } from './callLogTables';

/** What the store needs of the call log; the Dexie one below, or a fake. */
export interface CallLogStore {
  /** Writes a call that ended; calling it again for the same call changes nothing. */
  record(call: CallInfo): Promise<void>;
  /**
   * Writes those of these ended calls the log does not hold yet, and returns them: what main's snapshot
   * says ended while this desk was away. A call the log holds is left as it is, so a reconnect that
   * brings it again writes nothing, and the history written from the answer is written once.
   */
  recordMissing(calls: readonly CallInfo[]): Promise<CallInfo[]>;
  /** The most recently ended calls, newest first. */
  recent(limit: number): Promise<CallLogEntry[]>;
}

/** The log entry for an ended call, or null when the call has not ended yet. */
export function toCallLogEntry(call: CallInfo): CallLogEntry | null {
  if (call.state !== 'ended') return null;
  return {
    id: call.id,
    direction: call.direction,
    remoteUri: call.remote.uri,
    remoteNumber: call.remote.number,
    remoteDisplayName: call.remote.displayName,
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt ?? call.startedAt,
    // An ended call always carries an outcome; if main ever forgets one, it did not go well.
    outcome: call.outcome ?? (call.answeredAt === null ? 'failed' : 'answered'),
    conversationId: call.conversationId ?? null,
  };
}

export function createCallLog(db: Dexie & CallLogTables): CallLogStore {
  return {
    async record(call) {
      const entry = toCallLogEntry(call);
      if (entry === null) return;
      // Keyed by main's call id: a repeated 'ended' event (or a second window) rewrites the same row.
      await db.calls.put(entry);
    },
    async recordMissing(calls) {
      const ended = calls.flatMap((call) => {
        const entry = toCallLogEntry(call);
        return entry === null ? [] : [{ call, entry }];
      });
      const ids = ended.map(({ entry }) => entry.id);
      // Most reconnects find every call logged already: a read blocks no pop's read of the log, a write would.
      if ((await db.calls.bulkGet(ids)).every((row) => row !== undefined)) return [];
      // Asked again inside the write: another window of the desk may be logging the same calls now.
      return db.transaction('rw', db.calls, async () => {
        const logged = new Set((await db.calls.bulkGet(ids)).flatMap((row) => (row === undefined ? [] : [row.id])));
        const missing = ended.filter(({ entry }) => !logged.has(entry.id));
        await db.calls.bulkPut(missing.map(({ entry }) => entry));
        return missing.map(({ call }) => call);
      });
    },
    recent(limit) {
      return db.calls.orderBy('endedAt').reverse().limit(limit).toArray();
    },
  };
}
