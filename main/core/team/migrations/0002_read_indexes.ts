import type { Migration } from './migration';

/**
 * Indexes for the reads every desk makes: its own claims (and a sweep for
 * expired leases), the inbox queue per account, a customer's notes and history
 * for the screen pop's refresh, and the items of one conversation.
 */
const sql = String.raw`
create index conversations_handler on conversations (handler, lease_until) where handler is not null;
create index conversations_queue on conversations (account_id, status, last_item_at desc);
create index notes_customer on notes (customer_id, created_at);
create index interactions_customer on interactions (customer_id, at desc);
create index social_items_conversation on social_items (conversation_id, created_at);
`;

export const readIndexes: Migration = { version: 2, name: 'indexes for claims, the inbox and the screen pop', sql };
