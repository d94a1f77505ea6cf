import type { TeamLinkClaim, TeamWrite } from '@tandem/contract';
import type { CustomerRepository } from './customerRepository';
import { callInteractionId, type Identity, type IdentityClaim, type Interaction } from './model';
import type { CustomerTables } from './customerTables';
import { newClientId } from '../social/clientId';

/**
 * Team mode: every history write this desk makes in Dexie also goes to the
 * team (main queues it in its outbox and writes it once the database is
 * there), with the Dexie row's own id, so the change that comes back from the
 * feed rewrites the same row. The local write comes first and decides: the
 * team copy is sent only after it committed, and a failure to hand it to main
 * never fails the agent's save.
 *
 * A merge is sent as what the agent asked (these two are one person), not as
 * the rows it moved: the database moves every agent's rows, and the feed
 * brings them back to each cache.
 *
 * Not sent here: customers an import stores (teamImports.ts sends those, a
 * batch at a time), interactions importers write (`putInteractions`; moving a
 * desk's history into the team is its own step) and calls finished after a reload
 * without main's record of their end (`finishAbandonedDrafts`), which the next
 * edit of that call sends; a call whose end main still keeps is finished, and
 * sent, as at hang-up (`SoftphoneSnapshot.ended`).
 */
export interface TeamWriteSink {
  /** False on a solo desk: nothing is sent. */
  readonly enabled: () => boolean;
  /** Hands the write to main; a rejection only stops the writes queued behind it in the same save. */
  readonly send: (write: TeamWrite) => Promise<void>;
}

/** A claim's evidence as the team keeps it: who claimed the link, how (the message) and when. */
export const claimEvidence = (claim: IdentityClaim): TeamLinkClaim => ({
  handle: claim.handle,
  did: claim.did,
  phone: claim.phone,
  evidenceUri: claim.evidenceUri,
  at: claim.at,
});

/** An identity link as the team keeps it (status: verified, claimed by an account with its evidence, or only recorded). */
export const linkWrite = (identity: Identity): TeamWrite => ({
  kind: 'identityLink',
  id: identity.id,
  customerId: identity.customerId,
  identityKind: identity.kind,
  value: identity.value,
  did: identity.did,
  status: identity.verified ? 'verified' : identity.claim === undefined ? 'unverified' : 'claimed',
  verifiedHow: identity.verifiedHow,
  verifiedAt: identity.verifiedAt,
  claim: !identity.verified && identity.claim !== undefined ? claimEvidence(identity.claim) : null,
});

/** A finished call as the team keeps it; undefined for anything that is not a call with a direction the team knows. */
export function callWrite(interaction: Interaction): TeamWrite | undefined {
  if (interaction.channel !== 'call' || interaction.direction === 'internal') return undefined;
  return {
    kind: 'call',
    id: interaction.id,
    customerId: interaction.customerId,
    direction: interaction.direction,
    at: interaction.at,
    summary: interaction.summary,
    wrapUpCode: interaction.wrapUpCode,
    callId: interaction.callId,
    conversationId: interaction.conversationId,
  };
}

export function withTeamWrites(repository: CustomerRepository, db: Pick<CustomerTables, 'interactions'>, sink: TeamWriteSink): CustomerRepository {
  const share = (writes: readonly (TeamWrite | undefined)[]) => {
    if (!sink.enabled()) return;
    // In order (a customer before the links that name it); each is on main's disk before the next goes.
    void writes
      .reduce<Promise<void>>((previous, write) => (write === undefined ? previous : previous.then(() => sink.send(write))), Promise.resolve())
      .catch(() => undefined);
  };
  const shareCall = async (callId: string) => {
    if (!sink.enabled()) return;
    const interaction = await db.interactions.get(callInteractionId(callId));
    if (interaction !== undefined) share([callWrite(interaction)]);
  };

  return {
    ...repository,
    async createCustomer(input, defaultRegion) {
      const created = await repository.createCustomer(input, defaultRegion);
      const { customer } = created;
      share([{ kind: 'customer', id: customer.id, name: customer.name, createdAt: customer.createdAt }, ...created.identities.map(linkWrite)]);
      return created;
    },
    async renameCustomer(customerId, name) {
      const renamed = await repository.renameCustomer(customerId, name);
      if (renamed !== null) share([{ kind: 'customerRename', id: renamed.id, name: renamed.name, updatedAt: renamed.updatedAt }]);
      return renamed;
    },
    async addNote(customerId, text, important) {
      const note = await repository.addNote(customerId, text, important);
      share([
        {
          kind: 'note',
          id: note.id,
          customerId: note.customerId,
          callId: note.callId,
          text: note.text,
          createdAt: note.updatedAt,
          important: note.important ?? false,
        },
      ]);
      return note;
    },
    async addIdentity(customerId, kind, text, defaultRegion) {
      const result = await repository.addIdentity(customerId, kind, text, defaultRegion);
      if (result.ok) share([linkWrite(result.identity)]);
      return result;
    },
    async unlinkIdentity(identityId) {
      await repository.unlinkIdentity(identityId);
      share([{ kind: 'identityUnlink', id: identityId }]);
    },
    async recordProof(proof) {
      const outcome = await repository.recordProof(proof);
      if (outcome.status === 'verified') share([linkWrite(outcome.identity)]);
      return outcome;
    },
    async recordClaim(claim) {
      const outcome = await repository.recordClaim(claim);
      if (outcome.status === 'claimed') share([linkWrite(outcome.identity)]);
      return outcome;
    },
    async finishCall(call, patch) {
      const interaction = await repository.finishCall(call, patch);
      share([callWrite(interaction)]);
      return interaction;
    },
    async saveCallDraft(call, patch) {
      const draft = await repository.saveCallDraft(call, patch);
      // After hang-up an autosave rewrites the call's row (a late wrap-up code): the team's copy follows.
      if (draft.finishedAt !== null) await shareCall(draft.callId);
      return draft;
    },
    async assignCall(callId, customerId) {
      await repository.assignCall(callId, customerId);
      await shareCall(callId);
    },
    async mergeCustomers(keptId, mergedId) {
      const plan = await repository.mergeCustomers(keptId, mergedId);
      // The team's merge moves every agent's rows, not only those this desk holds (migration 9's merge_customers).
      if (plan !== null) share([{ kind: 'customerMerge', id: newClientId(), keptId, mergedId }]);
      return plan;
    },
  };
}
