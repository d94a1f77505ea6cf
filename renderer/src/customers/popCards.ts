import type { TandemDb } from '../data/db';
import type { CustomerContext } from './customerRepository';
import type { IdentityKey } from './identityValue';
import { linkStatus, type Identity } from './model';

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

export interface PopCards {
  /** The cards of `keys`, in their order (undefined where there is none). */
  read(keys: readonly IdentityKey[]): Promise<(PopCard | undefined)[]>;
  /**
   * Stores `context` as the card of the first caller key its customer owns,
   * unless `previous` already says the same. In a transaction that re-reads
   * the customer's identities: a context read before an unlink committed is
   * not stored after it.
   */
  remember(keys: readonly IdentityKey[], context: CustomerContext, previous: readonly (PopCard | undefined)[]): Promise<void>;
  /** Deletes a customer's cards; call inside the transaction that changes who they are (it must include `popCards`). */
  forget(customerIds: readonly string[]): Promise<void>;
}

/** Identity fields a card depends on: which accounts, whether each is verified, claimed (and by whom) or downgraded. */
const identityStamp = (identities: readonly Identity[]) =>
  identities
    .map((identity) => `${identity.id}\u0000${linkStatus(identity)}\u0000${identity.did ?? ''}\u0000${identity.claim?.did ?? ''}\u0000${identity.downgraded?.at ?? ''}`)
    .sort()
    .join('\u0001');

/** Contexts are plain structured-clone data; equal JSON means nothing to show or store. */
export const sameContext = (a: CustomerContext, b: CustomerContext): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

export function createPopCards(db: TandemDb, now: () => number = Date.now): PopCards {
  return {
    read(keys) {
      return keys.length === 0 ? Promise.resolve([]) : db.popCards.bulkGet(keys.map((key) => [key.kind, key.value]));
    },

    async remember(keys, context, previous) {
      const index = keys.findIndex((key) => context.identities.some((identity) => identity.kind === key.kind && identity.value === key.value));
      const key = keys[index];
      if (key === undefined) return;
      const earlier = previous[index];
      if (earlier !== undefined && earlier.customerId === context.customer.id && sameContext(earlier.context, context)) return;
      const customerId = context.customer.id;
      await db.transaction('rw', db.identities, db.popCards, async () => {
        const current = await db.identities.where('customerId').equals(customerId).toArray();
        if (identityStamp(current) !== identityStamp(context.identities)) return;
        await db.popCards.put({ kind: key.kind, value: key.value, customerId, context, writtenAt: now() });
      });
    },

    async forget(customerIds) {
      if (customerIds.length > 0) await db.popCards.where('customerId').anyOf([...customerIds]).delete();
    },
  };
}
