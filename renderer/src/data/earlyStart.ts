// First: its read goes out before the modules below are evaluated.
import { rawHead } from './rawHeadStart';
import { startEarlyReads, type EarlyReads } from './earlyReads';
import { DB_NAME } from './schemaVersion';

/**
 * Started when this module is evaluated, which main.tsx makes the first of the
 * bundle (earlyReads.ts says why). Null where the page has no IndexedDB: the
 * desk then runs without a local database, as before.
 */
export const earlyReads: EarlyReads | null = rawHead === null ? null : startEarlyReads(DB_NAME, indexedDB, rawHead);
