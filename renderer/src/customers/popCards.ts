import type Dexie from 'dexie';
import type { CustomerContext } from './customerContext';
import type { IdentityKey } from './identityValue';
import { linkStatus, type Identity } from './model';
import type { PopCard, PopCardTables } from './popCardTables';
import type { CustomerTables } from './customerTables';
import { rememberedCardsOf } from './rememberedCards';

/**
 * Reads, stores and forgets pop cards (what a card is, and why it is only a
 * cache: popCardTables.ts).
 */

/** The tables pop cards need: their own, and the identities that decide whether a card is still true. */
export type PopCardDb = Dexie & PopCardTables & Pick<CustomerTables, 'identities'>;

export interface PopCards {
  /** The card of the first caller key, when this window holds it in memory (rememberedCards.ts): no read at all. */
  recall(keys: readonly IdentityKey[]): PopCard | undefined;
  /**
   * For a read of cards (the pop's first round, popRounds.ts): called before
   * that read is asked, it returns what keeps the cards found in memory,
   * unless a card was forgotten meanwhile.
   */
  beginRead(): (found: readonly (PopCard | undefined)[]) => void;
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
    .map(
      (identity) =>
        `${identity.id}\u0000${linkStatus(identity)}\u0000${identity.did ?? ''}\u0000${identity.claim?.did ?? ''}\u0000${identity.downgraded?.at ?? ''}`,
    )
    .sort()
    .join('\u0001');

/** Contexts are plain structured-clone data; equal JSON means nothing to show or store. */
export const sameContext = (a: CustomerContext, b: CustomerContext): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

export function createPopCards(db: PopCardDb, now: () => number = Date.now): PopCards {
  const memory = rememberedCardsOf(db);
  const beginRead = () => {
    const epoch = memory.epoch;
    return (found: readonly (PopCard | undefined)[]) => {
      for (const card of found) if (card !== undefined) memory.keep(card, epoch);
    };
  };
  return {
    recall(keys) {
      const [first] = keys;
      return first === undefined ? undefined : memory.recall(first.kind, first.value);
    },

    beginRead,

    async remember(keys, context, previous) {
      const index = keys.findIndex((key) => context.identities.some((identity) => identity.kind === key.kind && identity.value === key.value));
      const key = keys[index];
      if (key === undefined) return;
      const earlier = previous[index];
      if (earlier !== undefined && earlier.customerId === context.customer.id && sameContext(earlier.context, context)) return;
      const customerId = context.customer.id;
      const epoch = memory.epoch;
      const stored = await db.transaction('rw', db.identities, db.popCards, async () => {
        const current = await db.identities.where('customerId').equals(customerId).toArray();
        if (identityStamp(current) !== identityStamp(context.identities)) return null;
        const card: PopCard = { kind: key.kind, value: key.value, customerId, context, writtenAt: now() };
        await db.popCards.put(card);
        return card;
      });
      if (stored !== null) memory.keep(stored, epoch);
    },

    async forget(customerIds) {
      // Memory first, at once: a ring while the transaction is still open must not paint from it either.
      memory.forgetCustomers(customerIds);
      if (customerIds.length > 0)
        await db.popCards
          .where('customerId')
          .anyOf([...customerIds])
          .delete();
    },
  };
}
