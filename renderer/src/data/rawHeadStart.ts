import type { Conversation } from '../social/socialTables';
import { INBOX_HEAD } from '../social/inboxHead';
import { rawInboxHead } from './rawInboxHead';
import { DB_NAME } from './schemaVersion';

/**
 * The reload's first read, asked for before the bundle: this module is an
 * entry of its own, run by an async module script ahead of the rest of the
 * page (vite.config.ts), and the bundle imports the same module
 * (earlyStart.ts, first), so the read is made once, by whichever runs first.
 * It imports only constants. Null where the page has no IndexedDB.
 */
export const rawHead: Promise<Conversation[] | null> | null = typeof indexedDB === 'undefined' ? null : rawInboxHead(indexedDB, DB_NAME, INBOX_HEAD);
