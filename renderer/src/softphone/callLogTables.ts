import type { EntityTable } from 'dexie';
import type { CallOutcome } from '@tandem/contract';

/** One finished call, as the call log keeps it. */
export interface CallLogEntry {
  /** main's call id: writing the same call twice replaces it, so recording is idempotent. */
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  readonly remoteUri: string;
  /** E.164 when the remote party is a phone number, else null. */
  readonly remoteNumber: string | null;
  /** Already sanitised by main; still only ever rendered as text. */
  readonly remoteDisplayName: string;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number;
  readonly outcome: CallOutcome;
  /** The social conversation the call was placed from (issue 15); absent on calls logged before, null on any other. */
  readonly conversationId?: string | null;
}

/**
 * The call log's table in the one `tandem` database (data/db.ts adds it as
 * schema version 1). `endedAt` orders "Recent calls"; `remoteNumber` and
 * `remoteUri` let a ringing call find earlier calls with the same party.
 */
export const CALL_LOG_STORES = { calls: 'id, endedAt, remoteNumber, remoteUri' } as const;

export interface CallLogTables {
  calls: EntityTable<CallLogEntry, 'id'>;
}
