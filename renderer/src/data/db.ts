import Dexie, { type Transaction } from 'dexie';
import { downgradePhoneClaims } from '../customers/phoneClaimDowngrade';
import { POP_CARD_STORES } from '../customers/popCardTables';
import { CUSTOMER_NAME_STORES, CUSTOMER_STORES, type CustomerTables } from '../customers/customerTables';
import { fillNameWords } from '../customers/nameWordsUpgrade';
import { TEAM_HISTORY_STORES, type TeamHistoryTables } from '../customers/teamHistoryTables';
import { SOCIAL_STORES, type SocialTables } from '../social/socialTables';
import { addInboxKeys } from '../social/inboxKeyUpgrade';
import { INBOX_KEY_INDEX } from '../social/inboxHead';
import { CALL_LOG_STORES, type CallLogTables } from '../softphone/callLogTables';
import { DB_NAME, LATEST_VERSION } from './schemaVersion';

/**
 * The renderer's own data, in IndexedDB through Dexie. Main owns secrets and
 * connections; the history an agent needs at a glance lives here.
 *
 * The schema grows by appending a version to `SCHEMA_VERSIONS`, never by
 * editing one that has shipped: Dexie upgrades a database version by version.
 * Version 1 is the call log; version 2 adds the social desk's tables;
 * version 3 adds the customer history (customers/schema.ts) and an index on
 * social items by author DID and time, so a ringing call finds the caller's
 * recent posts with one bounded range read; version 4 indexes conversations
 * by author DID and time for the same reason; version 5 adds pop cards, the
 * last context shown per caller key; version 6 changes no index but rewrites
 * rows: links an older release called verified because an account privately
 * sent a phone number become that account's unverified claim (issue 9);
 * version 7 adds the team history's cursor (team mode, issue 11); version 8
 * indexes calls by their social conversation; version 9 indexes
 * conversations in the inbox's order (issue 14); version 10 indexes
 * customers by each word of their name and fills the words in (issue 12 §7);
 * version 11 drops the social indexes no query reads (issue 14).
 */
export { DB_NAME, LATEST_VERSION };

/** The social tables' indexes from version 11 on: the ones a query reads. */
const SOCIAL_ITEM_INDEXES = 'uri, conversationId, kind, [author.did+createdAt]';
const CONVERSATION_INDEXES = `id, [authorDid+lastItemAt], ${INBOX_KEY_INDEX}`;

/**
 * Index lists per version (Dexie syntax: primary key first, then indexes).
 */
const SCHEMA_VERSIONS: readonly {
  readonly version: number;
  readonly stores: Readonly<Record<string, string>>;
  /** Rewrites rows written by the versions before (Dexie runs it once, in the upgrade transaction). */
  readonly upgrade?: (tx: Transaction) => Promise<void>;
}[] = [
  // The call log (softphone/callLogTables.ts).
  { version: 1, stores: CALL_LOG_STORES },
  // The social desk: journalled items, conversation summaries, drafts and sends (socialDb.ts).
  { version: 2, stores: SOCIAL_STORES },
  // Customers, identities, interactions, notes, call drafts (customers/schema.ts). Only tables and
  // indexes are added, so Dexie's own upgrade (creating stores, building the new socialItems index
  // over the rows already there) is the whole migration: `calls` stay where they are and a
  // customer's past calls are found through their phone identities (`calls [remoteNumber+startedAt]`),
  // which also covers calls logged before anyone created the customer.
  {
    version: 3,
    stores: {
      ...CUSTOMER_STORES,
      calls: 'id, endedAt, remoteNumber, remoteUri, [remoteNumber+startedAt]',
      socialItems: `${SOCIAL_STORES.socialItems}, [author.did+createdAt]`,
    },
  },
  // Conversations by their customer's DID and time: a screen pop reads the status of the caller's
  // latest conversations (is a complaint still open?) beside their posts, not in a round after them.
  // And by status and stored priority: after a reload the inbox paints its most urgent conversations
  // from three bounded reads, before all of them are read and sorted.
  { version: 4, stores: { conversations: `${SOCIAL_STORES.conversations}, [authorDid+lastItemAt], [status+priority]` } },
  // Pop cards: the last context shown per caller key, so a ring paints from one read (customers/popCards.ts).
  // A new table only; it fills as callers ring.
  { version: 5, stores: POP_CARD_STORES },
  // A phone number sent privately is a claim, not proof: the links older releases verified that way are
  // downgraded to claims with a note for the agent, and those customers' pop cards deleted (phoneClaimDowngrade.ts).
  { version: 6, stores: {}, upgrade: (tx) => downgradePhoneClaims(tx, Date.now()) },
  // Team mode: how far the cache has caught up with the team's shared history (customers/teamHistoryTables.ts).
  { version: 7, stores: TEAM_HISTORY_STORES },
  // Calls by the social conversation they were placed from: a taken-offline case reads its calls, with
  // their notes and wrap-up codes, in one indexed read (issue 15). An index only; older rows have none.
  { version: 8, stores: { interactions: `${CUSTOMER_STORES.interactions}, conversationId` } },
  // Conversations by the inbox's own order (social/inboxSortKey.ts): a reload paints the first screenful
  // from one bounded read of this index, in the order the inbox shows (issue 14 item 2). It replaces
  // [status+priority], whose stored priority is not that order (the inbox ranks without the clock) and
  // took three reads whose rows still had to be sorted. The upgrade writes the key into every stored row.
  {
    version: 9,
    stores: { conversations: `${SOCIAL_STORES.conversations}, [authorDid+lastItemAt], ${INBOX_KEY_INDEX}` },
    upgrade: (tx) => addInboxKeys(tx),
  },
  // Customers by each word of their name: "Gómez" finds "Carla Gómez" (customers/customerName.ts). The rows
  // already there get their words in one pass (customers/nameWordsUpgrade.ts).
  { version: 10, stores: CUSTOMER_NAME_STORES, upgrade: fillNameWords },
  // The social tables without the indexes no query reads (issue 14 item 2): items by seq, account and time,
  // conversations by time, status, account and visibility. Every mention wrote an entry in each, twelve
  // across the two tables, and IndexedDB's LevelDB writes and compacts them on the cores the page shares:
  // 9.4–11.6 s of the browser process's CPU over the social bench's minute of 1 000 mentions, 8.0 s with
  // the five kept. Kept: items by conversation (the
  // thread), by kind (the listening view) and by author and time (the screen pop); conversations by author
  // and time (the screen pop) and in the inbox's order (the reload's first screenful).
  { version: 11, stores: { socialItems: SOCIAL_ITEM_INDEXES, conversations: CONVERSATION_INDEXES } },
];

/**
 * What the desk declares to Dexie: the versions with an upgrade, and the latest, each with the whole
 * schema up to it. Dexie (3 and later) reads the installed schema and needs no version without an
 * upgrade; and each `stores()` call parses every version declared so far and rebuilds the tables'
 * API, so declaring all ten cost ~14 ms of every page load (a reload's CPU profile, issue 14 item 2)
 * where three cost a fraction. Older releases' databases are built with every version (`upTo`).
 */
const UPGRADE_STEPS = SCHEMA_VERSIONS.reduce<{ schema: Record<string, string>; steps: (typeof SCHEMA_VERSIONS)[number][] }>(
  ({ schema, steps }, step, index) => {
    const whole = { ...schema, ...step.stores };
    const kept = step.upgrade !== undefined || index === SCHEMA_VERSIONS.length - 1;
    return { schema: whole, steps: kept ? [...steps, { ...step, stores: whole }] : steps };
  },
  { schema: {}, steps: [] },
).steps;

/** @deprecated transitional: import from softphone/callLogTables. */
export type { CallLogEntry } from '../softphone/callLogTables';

export type TandemDb = Dexie & CallLogTables & SocialTables & CustomerTables & TeamHistoryTables;

/**
 * Opens (lazily, on first use) the renderer's database; tests pass their own
 * name to stay apart, and `upTo` to build a database as an older release did
 * (migration tests).
 */
export function openTandemDb(name: string = DB_NAME, upTo: number = LATEST_VERSION): TandemDb {
  const db = new Dexie(name) as TandemDb;
  for (const { version, stores, upgrade } of upTo === LATEST_VERSION ? UPGRADE_STEPS : SCHEMA_VERSIONS) {
    if (version > upTo) continue;
    const declared = db.version(version).stores(stores);
    if (upgrade !== undefined) declared.upgrade(upgrade);
  }
  return db;
}

/** The versions declared, for the test that holds schemaVersion.ts's number to them. */
export const DECLARED_VERSIONS: readonly number[] = SCHEMA_VERSIONS.map(({ version }) => version);
