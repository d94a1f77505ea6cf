import type { Conversation } from '../social/socialTables';
import { INBOX_HEAD } from '../social/inboxHead';
import { readInboxHead } from '../social/socialStore';
import { openTandemDb, type TandemDb } from './db';
import { rawInboxHead } from './rawInboxHead';
import { DB_NAME } from './schemaVersion';

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
  /** Settles once the head's read without Dexie has (rows or null: firstScreen.ts waits for it); never rejects. */
  readonly headSettled: Promise<void>;
}

/**
 * `name`: the database's (tests); the desk's own by default. `raw`: the head's
 * read without Dexie when it was already asked for (rawHeadStart.ts).
 */
export function startEarlyReads(
  name: string = DB_NAME,
  factory: IDBFactory = indexedDB,
  // Before Dexie's own open: that one waits for the bundle's evaluation to end (rawInboxHead.ts).
  raw: Promise<Conversation[] | null> = rawInboxHead(factory, name, INBOX_HEAD),
): EarlyReads {
  const db = openTandemDb(name);
  let head: Promise<Conversation[]> | null = raw.then((rows) => rows ?? readInboxHead(db, INBOX_HEAD));
  // Nobody may take it (a page with no inbox): its failure is the desk's later read's to report.
  head.catch(() => undefined);
  return {
    db,
    headSettled: raw.then(
      () => undefined,
      () => undefined,
    ),
    takeInboxHead(limit) {
      const early = limit === INBOX_HEAD ? head : null;
      head = null;
      return early;
    },
  };
}
