import type { CallerMatch } from '../customers/customerContext';
import type { Customer } from '../customers/model';

/**
 * Which customer a social conversation's author is (issue 12 §7), from the
 * two reads the slice makes: identities carrying the author's DID, and
 * Bluesky identities with the author's current handle.
 *
 * A DID names the account for good; a handle is a name the account holds
 * today (handles change, and a released one can be taken by someone else).
 * So a DID link decides whenever one exists, and the handle is only a
 * fallback for links recorded without a DID. A handle link that carries
 * another DID belongs to the account that held the handle before: it is
 * never the author.
 *
 * Several customers for one author (a shared account) is no match: the agent
 * picks in the Customers area.
 */
export function authorCustomer(author: { readonly did: string }, byDid: readonly CallerMatch[], byHandle: readonly CallerMatch[]): Customer | null {
  const viaDid = byDid.filter((match) => match.identity.did === author.did);
  const candidates = viaDid.length > 0 ? viaDid : byHandle.filter((match) => match.identity.did === null || match.identity.did === author.did);
  const customers = new Map(candidates.map((match) => [match.customer.id, match.customer]));
  const [only] = customers.size === 1 ? customers.values() : [];
  return only ?? null;
}
