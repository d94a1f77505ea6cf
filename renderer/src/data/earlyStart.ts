import { startEarlyReads, type EarlyReads } from './earlyReads';

/**
 * Started when this module is evaluated, which main.tsx makes the first of the
 * bundle (earlyReads.ts says why). Null where the page has no IndexedDB: the
 * desk then runs without a local database, as before.
 */
export const earlyReads: EarlyReads | null = typeof indexedDB === 'undefined' ? null : startEarlyReads();
