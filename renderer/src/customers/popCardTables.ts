import type { Table } from 'dexie';
import type { CustomerContext } from './customerContext';
import type { IdentityKey } from './identityValue';

/**
 * The last context the panel showed for a caller key (an E.164 number, a SIP
 * URI), stored whole so the next ring from that key paints from ONE read that
 * goes out beside the identity lookup. A full context read is about a dozen
 * IndexedDB requests in three dependent rounds (identity → customer's rows →
 * posts by verified DIDs); while a call rings on a busy 2-core desk each
 * request waits its turn, and together they take most of the pop's 50 ms.
 * (Fewer rounds alone did not help, measured: it is the number of reads.)
 *
 * A card is a cache, never the truth:
 * - it is used only when the same round's identity rows still say the key is
 *   this customer's and only theirs (a shared or moved number skips it);
 * - every change to who the customer is (name, identities, verification,
 *   unlink, import) deletes their cards in the same transaction, so an
 *   unlinked, unverified or merely claimed account never shows as verified, not even for a frame
 *   (and the schema version 6 migration deletes the cards of the customers whose links it downgraded);
 * - the panel re-reads the full context right after the card has painted and
 *   shows (and stores) what changed: a call, note or post since the last ring.
 *
 * The window also holds the cards it read or stored lately in memory
 * (rememberedCards.ts), under the same rules, so a repeat caller needs no read at all.
 *
 * The row and its table live apart from the logic (popCards.ts) so that the
 * schema (data/db.ts, customers/schema.ts) imports only shapes, never code
 * that itself needs the database.
 */
export interface PopCard {
  readonly kind: IdentityKey['kind'];
  readonly value: string;
  readonly customerId: string;
  readonly context: CustomerContext;
  readonly writtenAt: number;
}

/** Dexie index list (schema version 5): keyed like `identities [kind+value]`, found by customer to forget. */
export const POP_CARD_STORES = { popCards: '[kind+value], customerId' } as const;

export interface PopCardTables {
  popCards: Table<PopCard, [string, string]>;
}
