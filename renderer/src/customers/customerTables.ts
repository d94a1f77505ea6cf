import type { EntityTable } from 'dexie';
import type { CallDraft, Customer, Identity, Interaction, Note } from './model';
import type { PopCardTables } from './popCardTables';

/**
 * The customer history's tables in the one `tandem` database (db.ts adds them
 * as schema version 3). The indexes are chosen for the ringing call:
 *
 * - `identities [kind+value]`: caller → identity row, one indexed read;
 * - `customers id`: identity → customer, one primary-key read;
 * - `interactions [customerId+at]`: the customer's latest history, one range
 *   read bounded by `limit` (newest first with `reverse()`);
 * - `notes [customerId+updatedAt]`: the latest notes, likewise;
 * - `customers nameLower`, `identities [kind+value]`: prefix search for an
 *   unknown caller (`startsWith` / `between`);
 * - `identities did`: a social item's author → customer (timeline, social desk);
 * - `interactions callId`, `uri`: a call or post already recorded;
 * - `interactions conversationId` (schema version 8): the calls placed from a
 *   social conversation, for its case (issue 15).
 */
export const CUSTOMER_STORES = {
  customers: 'id, nameLower, updatedAt',
  identities: 'id, customerId, [kind+value], did',
  interactions: 'id, [customerId+at], callId, uri, at',
  notes: 'id, [customerId+updatedAt], callId',
  callDrafts: 'callId, updatedAt',
} as const;

/** With `popCards` (schema version 5, keyed by `[kind+value]`: popCardTables.ts). */
export interface CustomerTables extends PopCardTables {
  customers: EntityTable<Customer, 'id'>;
  identities: EntityTable<Identity, 'id'>;
  interactions: EntityTable<Interaction, 'id'>;
  notes: EntityTable<Note, 'id'>;
  callDrafts: EntityTable<CallDraft, 'callId'>;
}
