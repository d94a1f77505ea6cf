import type Dexie from 'dexie';
import type { IdentityClaimed, IdentityProven, SocialAuthor } from '@tandem/contract';
import { normaliseHandle, normaliseIdentity, normalisePhone } from './identityValue';
import { compareIdentities, identityId, linkStatus, unverifiedIdentity, type Identity, type IdentityKind } from './model';
import { createPopCards } from './popCards';
import type { RepositoryOptions } from './repositoryOptions';
import type { CustomerTables } from './customerTables';

/**
 * Who a customer is known as, and how sure the desk is: the identity links
 * the agent records (always unverified), the proofs main reports and the
 * claims an account makes by sending a number. Every change deletes the
 * customer's pop cards in the same transaction, so a card never shows a link
 * as more certain than it now is.
 */
export interface IdentityLinks {
  /** All of a customer's identities, verified first, then by kind and value. */
  identities(customerId: string): Promise<Identity[]>;
  /**
   * Records an identity the agent typed, always unverified. Recording one the
   * customer already has changes nothing (a verified link stays verified).
   */
  addIdentity(customerId: string, kind: IdentityKind, text: string, defaultRegion: string): Promise<AddIdentityResult>;
  /** Removes the link (one row); the customer's history stays. */
  unlinkIdentity(identityId: string): Promise<void>;
  /**
   * Main reported proof (`identity:proven`): marks the handle verified with
   * how, when and the evidence, creating the identity when the agent had not
   * recorded it. A handle that only *claimed* the customer's number is
   * upgraded only by a proof that binds that number and the claiming DID
   * (a code round trip on a call from the number): anything less is 'unbound'.
   */
  recordProof(proof: IdentityProven): Promise<ProofOutcome>;
  /**
   * An account privately sent a phone number (`identity:claimed`): the one
   * customer who owns that number gets the handle as a link *claimed* by that
   * account — unverified, with who, when and which message. A proven link
   * stays as it is. Several owners, or none: nothing is recorded.
   */
  recordClaim(claim: IdentityClaimed): Promise<ClaimOutcome>;
  /**
   * Caches a freshly fetched profile on a social identity. A verified
   * identity whose handle now resolves to another DID is not overwritten
   * (the handle changed hands; the proof was for the old account): null.
   */
  updateProfile(identityId: string, author: SocialAuthor): Promise<Identity | null>;
}

export type AddIdentityResult = { readonly ok: true; readonly identity: Identity } | { readonly ok: false; readonly reason: 'invalid' | 'no-customer' };

export type ProofOutcome =
  | { readonly status: 'verified'; readonly identity: Identity }
  /** The customer is gone, the proof is malformed, or it does not bind a claimed link's number and account: nothing changed. */
  | { readonly status: 'unmatched'; readonly reason: 'no-customer' | 'invalid' | 'unbound' };

export type ClaimOutcome =
  /** Recorded as claimed (unverified); 'verified': the handle was already proven for this customer, nothing changed. */
  | { readonly status: 'claimed' | 'verified'; readonly identity: Identity }
  /** Nobody (or more than one customer) owns the phone number / the customer is gone: nothing was linked. */
  | { readonly status: 'unmatched'; readonly reason: 'no-customer' | 'ambiguous' | 'invalid' };

/** Links live on customers (which must exist, and whose `updatedAt` moves) and invalidate their pop cards. */
export type IdentityLinkDb = Dexie & Pick<CustomerTables, 'customers' | 'identities' | 'popCards'>;

export function createIdentityLinks(db: IdentityLinkDb, options: RepositoryOptions = {}): IdentityLinks {
  const now = options.now ?? Date.now;
  const cards = createPopCards(db, now);

  /**
   * A claimed link is proven only by a code round trip between the claimed
   * number and the claiming account: the proof's DID is the claim's, and its
   * number (the call the code went through) is the claimed one — or, for a
   * claim recorded before the desk kept the number (schema version 6), one
   * of the customer's own numbers.
   */
  async function bindsClaim(identity: Identity, proof: IdentityProven): Promise<boolean> {
    const claim = identity.claim;
    if (claim === undefined || proof.phone === null || proof.did !== claim.did) return false;
    if (claim.phone !== null) return proof.phone === claim.phone;
    return (await db.identities.get(identityId(identity.customerId, 'phone', proof.phone))) !== undefined;
  }

  async function upsertVerified(customerId: string, handle: string, proof: IdentityProven): Promise<Identity> {
    const id = identityId(customerId, 'bluesky', handle);
    const existing = await db.identities.get(id);
    // Proven now: the claim and a downgrade note have said what they had to.
    const { claim: _claim, downgraded: _downgraded, ...base } = existing ?? unverifiedIdentity(customerId, 'bluesky', handle, now());
    const identity: Identity = {
      ...base,
      did: proof.did,
      verified: true,
      verifiedHow: proof.method,
      verifiedAt: proof.at,
      evidenceUri: proof.evidenceUri,
      // A cached profile of some other account (the handle was unverified, maybe a different DID) goes.
      profile: existing?.did === proof.did ? existing.profile : null,
    };
    await db.identities.put(identity);
    await db.customers.update(customerId, { updatedAt: now() });
    await cards.forget([customerId]);
    return identity;
  }

  return {
    async identities(customerId) {
      return (await db.identities.where('customerId').equals(customerId).toArray()).sort(compareIdentities);
    },

    addIdentity(customerId, kind, text, defaultRegion) {
      const value = normaliseIdentity(kind, text, defaultRegion);
      if (value === null) return Promise.resolve({ ok: false, reason: 'invalid' });
      return db.transaction('rw', db.customers, db.identities, db.popCards, async (): Promise<AddIdentityResult> => {
        if ((await db.customers.get(customerId)) === undefined) return { ok: false, reason: 'no-customer' };
        const id = identityId(customerId, kind, value);
        const existing = await db.identities.get(id);
        if (existing !== undefined) return { ok: true, identity: existing };
        const identity = unverifiedIdentity(customerId, kind, value, now());
        await db.identities.add(identity);
        await db.customers.update(customerId, { updatedAt: now() });
        await cards.forget([customerId]);
        return { ok: true, identity };
      });
    },

    async unlinkIdentity(identityId) {
      await db.transaction('rw', db.identities, db.popCards, async () => {
        const identity = await db.identities.get(identityId);
        if (identity === undefined) return;
        await db.identities.delete(identityId);
        await cards.forget([identity.customerId]);
      });
    },

    recordProof(proof) {
      const handle = normaliseHandle(proof.handle);
      if (proof.network !== 'bluesky' || handle === null || !proof.did.startsWith('did:')) return Promise.resolve({ status: 'unmatched', reason: 'invalid' });
      return db.transaction('rw', db.customers, db.identities, db.popCards, async (): Promise<ProofOutcome> => {
        if ((await db.customers.get(proof.customerId)) === undefined) return { status: 'unmatched', reason: 'no-customer' };
        const existing = await db.identities.get(identityId(proof.customerId, 'bluesky', handle));
        if (existing !== undefined && linkStatus(existing) === 'claimed' && !(await bindsClaim(existing, proof)))
          return { status: 'unmatched', reason: 'unbound' };
        return { status: 'verified', identity: await upsertVerified(proof.customerId, handle, proof) };
      });
    },

    recordClaim(claim) {
      const handle = normaliseHandle(claim.handle);
      const phone = normalisePhone(claim.phone, 'ZZ');
      if (claim.network !== 'bluesky' || handle === null || phone === null || !claim.did.startsWith('did:'))
        return Promise.resolve({ status: 'unmatched', reason: 'invalid' });
      return db.transaction('rw', db.customers, db.identities, db.popCards, async (): Promise<ClaimOutcome> => {
        const owners = await db.identities.where('[kind+value]').equals(['phone', phone]).limit(2).toArray();
        const customerIds = [...new Set(owners.map((identity) => identity.customerId))];
        if (customerIds.length > 1) return { status: 'unmatched', reason: 'ambiguous' };
        const [customerId] = customerIds;
        if (customerId === undefined || (await db.customers.get(customerId)) === undefined) return { status: 'unmatched', reason: 'no-customer' };
        const existing = await db.identities.get(identityId(customerId, 'bluesky', handle));
        // A proven link stays proven: a later claim neither adds to it nor takes it away.
        if (existing?.verified === true) return { status: 'verified', identity: existing };
        const identity: Identity = {
          ...(existing ?? unverifiedIdentity(customerId, 'bluesky', handle, now())),
          claim: { handle, did: claim.did, phone, evidenceUri: claim.evidenceUri, at: claim.at },
        };
        await db.identities.put(identity);
        await db.customers.update(customerId, { updatedAt: now() });
        await cards.forget([customerId]);
        return { status: 'claimed', identity };
      });
    },

    updateProfile(identityId, author) {
      return db.transaction('rw', db.identities, async () => {
        const identity = await db.identities.get(identityId);
        if (identity === undefined) return null;
        if (identity.did !== null && identity.did !== author.did) return null;
        const next: Identity = {
          ...identity,
          did: identity.did ?? (identity.verified ? null : author.did),
          profile: {
            displayName: author.displayName,
            description: author.description,
            avatarUrl: author.avatarUrl,
            followers: author.followers,
            following: author.following,
            fetchedAt: now(),
          },
        };
        await db.identities.put(next);
        return next;
      });
    },
  };
}
