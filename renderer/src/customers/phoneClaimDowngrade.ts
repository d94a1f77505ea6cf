import type { Transaction } from 'dexie';
import type { Identity } from './model';

/**
 * Schema version 6 (issue 9): releases before it recorded a handle that
 * privately sent a customer's phone number as that customer's *verified*
 * account (`verifiedHow: 'phone-in-message'`). Knowing a number is not owning
 * it, so those links become what they were: the account's claim, unverified,
 * with a note saying why (`downgraded`), until a one-time code round trip
 * proves them. Their customers' pop cards still say "verified": deleted.
 *
 * The old rows do not say which number was sent; when the customer has one
 * phone number it is that one, otherwise the claim names none and any of
 * the customer's own numbers can bind the proof.
 */
export async function downgradePhoneClaims(tx: Transaction, at: number): Promise<void> {
  const identities = tx.table<Identity, string>('identities');
  const guessed = await identities.filter((identity) => (identity.verifiedHow as string | null) === 'phone-in-message').toArray();
  if (guessed.length === 0) return;
  const customerIds = [...new Set(guessed.map((identity) => identity.customerId))];
  const phones = new Map<string, string[]>();
  for (const identity of await identities.where('customerId').anyOf(customerIds).toArray()) {
    if (identity.kind === 'phone') phones.set(identity.customerId, [...(phones.get(identity.customerId) ?? []), identity.value]);
  }
  await identities.bulkPut(
    guessed.map((identity): Identity => {
      const own = phones.get(identity.customerId) ?? [];
      return {
        ...identity,
        verified: false,
        verifiedHow: null,
        verifiedAt: null,
        evidenceUri: null,
        claim: {
          handle: identity.value,
          // Written by the old proof, which always carried the DID.
          did: identity.did ?? '',
          phone: own.length === 1 ? (own[0] ?? null) : null,
          evidenceUri: identity.evidenceUri ?? '',
          at: identity.verifiedAt ?? identity.createdAt,
        },
        downgraded: { reason: 'phone-in-message', at },
      };
    }),
  );
  await tx.table('popCards').where('customerId').anyOf(customerIds).delete();
}
