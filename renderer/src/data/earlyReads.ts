import type { Conversation } from '../social/socialTables';
import { INBOX_HEAD } from '../social/inboxHead';
import { readInboxHead } from '../social/socialStore';
import { DB_NAME, openTandemDb, type TandemDb } from './db';
import { rawInboxHead } from './rawInboxHead';

/**
 * The reads a reload waits on most, asked for as the bundle starts: main.tsx
 * imports earlyStart.ts first, so the desk's database opens and the inbox's
 * first screenful is read while React, the contract's schemas and the rest
 * of the bundle are still being evaluated, instead of once the desk is wired
 * (issue 14 item 2: the first inbox row after a reload). Opening IndexedDB
 * alone took 100-450 ms on a 100 000-conversation desk, after ~200 ms of
 * evaluation it no longer waits for. The head is read without Dexie when
 * the stored schema is this build's (rawInboxHead.ts), through Dexie else.
 */
export interface EarlyReads {
  readonly db: TandemDb;
  /** The inbox's first `limit` conversations when that is what was read early; once, then null. */
  takeInboxHead(limit: number): Promise<Conversation[]> | null;
}

/** `name`: the database's (tests); the desk's own by default. */
export function startEarlyReads(name: string = DB_NAME, factory: IDBFactory = indexedDB): EarlyReads {
  // Before Dexie's own open: that one waits for the bundle's evaluation to end (rawInboxHead.ts).
  const raw = rawInboxHead(factory, name, INBOX_HEAD);
  const db = openTandemDb(name);
  let head: Promise<Conversation[]> | null = raw.then((rows) => rows ?? readInboxHead(db, INBOX_HEAD));
  // Nobody may take it (a page with no inbox): its failure is the desk's later read's to report.
  head.catch(() => undefined);
  return {
    db,
    takeInboxHead(limit) {
      const early = limit === INBOX_HEAD ? head : null;
      head = null;
      return early;
    },
  };
}
