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
 * - `customers *nameWords` (schema version 10, `CUSTOMER_NAME_STORES`),
 *   `identities [kind+value]`: search for an unknown caller or in the
 *   Customers area, by the start of any word of the name (customerName.ts)
 *   or of a number or handle (`startsWith` / `between`);
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

/**
 * Schema version 10: customers by each word of their name (a multi-entry
 * index), so "Gómez" finds "Carla Gómez". `nameLower`, the old full-name
 * prefix index, stays declared: dropping an index is a schema change of its
 * own, and the export still sorts by the field.
 */
export const CUSTOMER_NAME_STORES = { customers: `${CUSTOMER_STORES.customers}, *nameWords` } as const;

/** With `popCards` (schema version 5, keyed by `[kind+value]`: popCardTables.ts). */
export interface CustomerTables extends PopCardTables {
  customers: EntityTable<Customer, 'id'>;
  identities: EntityTable<Identity, 'id'>;
  interactions: EntityTable<Interaction, 'id'>;
  notes: EntityTable<Note, 'id'>;
  callDrafts: EntityTable<CallDraft, 'callId'>;
}
