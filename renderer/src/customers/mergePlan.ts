import { identityId, type CallDraft, type Customer, type Identity, type Interaction, type Note } from './model';

/**
 * Merging two customers who turned out to be one person (issue 12 §7): what
 * moves where, decided without touching storage, so the rules are tested on
 * their own and the write (customerMerge.ts) is one transaction that applies
 * the plan.
 *
 * - The kept customer keeps their id and name; the merged one is deleted.
 * - Every identity of the merged customer moves to the kept one under the
 *   kept one's row key (`customerId|kind|value`). When both have the same
 *   identity the more certain link stays: proven beats claimed beats
 *   recorded (consent, not guessing: a merge never makes a link look more
 *   certain than one of its two rows was). A profile or DID only one row
 *   knows is kept.
 * - Interactions, notes and call drafts are re-pointed; their ids do not
 *   change, so a call's row stays one row.
 */
export interface MergeInput {
  readonly kept: Customer;
  readonly merged: Customer;
  readonly keptIdentities: readonly Identity[];
  readonly mergedIdentities: readonly Identity[];
  readonly mergedInteractions: readonly Interaction[];
  readonly mergedNotes: readonly Note[];
  readonly mergedDrafts: readonly CallDraft[];
  readonly at: number;
}

export interface MergePlan {
  readonly kept: Customer;
  readonly mergedId: string;
  /** The kept customer's identity rows to write (moved ones and combined ones). */
  readonly identities: readonly Identity[];
  /** The merged customer's identity rows to delete (their content now lives under the kept customer). */
  readonly deletedIdentityIds: readonly string[];
  readonly interactions: readonly Interaction[];
  readonly notes: readonly Note[];
  readonly drafts: readonly CallDraft[];
}

export class MergeRefusedError extends Error {
  constructor(readonly reason: 'same-customer') {
    super(`merge refused: ${reason}`);
    this.name = 'MergeRefusedError';
  }
}

/** Proven 2, claimed 1, recorded 0. */
const certainty = (identity: Identity) => (identity.verified ? 2 : identity.claim === undefined ? 0 : 1);

/** Two rows for the same identity of one person: the more certain one, with what only the other knew. */
export function combineIdentities(kept: Identity, moved: Identity): Identity {
  const [winner, other] = certainty(moved) > certainty(kept) ? [moved, kept] : [kept, moved];
  return {
    ...winner,
    id: kept.id,
    customerId: kept.customerId,
    did: winner.did ?? (winner.verified ? null : other.did),
    profile: winner.profile ?? other.profile,
    createdAt: Math.min(kept.createdAt, moved.createdAt),
  };
}

export function planMerge(input: MergeInput): MergePlan {
  const { kept, merged } = input;
  if (kept.id === merged.id) throw new MergeRefusedError('same-customer');
  const keptById = new Map(input.keptIdentities.map((identity) => [identity.id, identity]));
  const identities: Identity[] = [];
  for (const identity of input.mergedIdentities) {
    const id = identityId(kept.id, identity.kind, identity.value);
    const moved: Identity = { ...identity, id, customerId: kept.id };
    const existing = keptById.get(id);
    identities.push(existing === undefined ? moved : combineIdentities(existing, moved));
  }
  return {
    kept: { ...kept, createdAt: Math.min(kept.createdAt, merged.createdAt), updatedAt: input.at },
    mergedId: merged.id,
    identities,
    deletedIdentityIds: input.mergedIdentities.map((identity) => identity.id),
    interactions: input.mergedInteractions.map((interaction) => ({ ...interaction, customerId: kept.id })),
    notes: input.mergedNotes.map((note) => ({ ...note, customerId: kept.id })),
    drafts: input.mergedDrafts.map((draft) => ({ ...draft, customerId: kept.id })),
  };
}
