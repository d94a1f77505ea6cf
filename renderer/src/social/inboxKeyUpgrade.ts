import type { Transaction } from 'dexie';
import type { Conversation } from './socialTables';
import { inboxSortKey } from './inboxSortKey';

/**
 * db.ts version 9: every conversation stored before it gets its inbox sort key, so the new index
 * holds them all and a reload's first read finds the most urgent among them too.
 */
export async function addInboxKeys(tx: Transaction): Promise<void> {
  await tx
    .table<Conversation & { inboxKey?: Conversation['inboxKey'] }, string>('conversations')
    .toCollection()
    .modify((conversation) => {
      conversation.inboxKey = inboxSortKey(conversation);
    });
}
