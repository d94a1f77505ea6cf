import type { Conversation } from '../social/socialTables';
import { INBOX_HEAD } from '../social/inboxHead';
import { rawInboxHead } from './rawInboxHead';
import { DB_NAME } from './schemaVersion';

/**
 * The reload's first read, asked for as soon as the bundle starts to
 * evaluate: earlyStart.ts imports this module before anything else, and it
 * imports only constants, so the read goes out before Dexie, the meaning
 * lexicons and the rest of the bundle are evaluated (~110-150 ms sooner on
 * the 100 000-conversation bench). Null where the page has no IndexedDB.
 */
export const rawHead: Promise<Conversation[] | null> | null = typeof indexedDB === 'undefined' ? null : rawInboxHead(indexedDB, DB_NAME, INBOX_HEAD);
