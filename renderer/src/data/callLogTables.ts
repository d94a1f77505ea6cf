import type { EntityTable } from 'dexie';
import type { CallOutcome } from '@tandem/contract';

/**
 * The call log's table in the one `tandem` database (db.ts declares its
 * indexes, schema versions 1 and 3). Apart from db.ts so that the customer
 * history, which reads a customer's past calls, needs this table's type and
 * not the whole database's.
 */

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
}

export interface CallLogTables {
  calls: EntityTable<CallLogEntry, 'id'>;
}
