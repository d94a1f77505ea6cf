import type { ConfirmOutcome, IdentityClaimed, IdentityProven, PendingVerification } from '@tandem/contract';
import { identityId } from '../customers/model';
import { normaliseHandle } from '../customers/identityValue';
import type { Identity } from '../customers/model';
import { callTandem } from '../tandemClient';
import { contextProblemReporter } from './contextProblem';
import { defaultRegionOf } from '../settings/settingsSelectors';
import { liveContextCall } from './contextSelectors';
import type { SliceCreator } from '../store/store';

/**
 * An account sent a phone number privately (a claim, never proof), but it
 * named nobody: no customer has that number, or several share it. Nothing was
 * linked; the agent is told so they can add the number to the right customer
 * (and ask for it again) or verify with a one-time code instead.
 */
export interface UnlinkedProof {
  /** The message that carried the number. */
  readonly evidenceUri: string;
  readonly handle: string;
  readonly phone: string;
  readonly reason: 'no-customer' | 'ambiguous';
  readonly at: number;
}

/** Unlinked proofs kept on screen; older ones drop off. */
export const UNLINKED_PROOFS_KEPT = 5;

/**
 * The panel customer's social handles and how they become verified: a handle
 * added by the agent is unverified; a one-time code issued by main and proven
 * (`identity:proven`) verifies it; a number sent privately (`identity:claimed`)
 * is only ever a claim.
 */
export interface VerificationSlice {
  /** Codes issued by main and not yet proven, cancelled or expired. */
  pendingVerifications: readonly PendingVerification[];
  /** Newest first. */
  unlinkedProofs: readonly UnlinkedProof[];

  /** "Add social handle": recorded unverified; false when it isn't a handle. */
  readonly addSocialHandle: (handle: string) => Promise<boolean>;
  /** Removes a link; its codes still waiting are cancelled with it. */
  readonly unlinkIdentity: (identityId: string) => Promise<void>;
  readonly startVerification: (identity: Identity, delivery: 'voice' | 'private-message') => Promise<void>;
  readonly cancelVerification: (verificationId: string) => Promise<void>;
  readonly loadPendingVerifications: () => Promise<void>;
  /**
   * The caller read back the code the desk sent privately; the agent typed it in. Main checks it
   * against the panel's live call (the proof binds that call's number). Null when it could not be asked.
   */
  readonly confirmVerificationCode: (verificationId: string, code: string) => Promise<ConfirmOutcome['outcome'] | null>;
  /** `identity:proven`: records the verified link and refreshes the panel if it shows that customer. */
  readonly identityProven: (proof: IdentityProven) => Promise<void>;
  /** `identity:claimed`: records the handle as claimed by that account (unverified) on the number's one customer. */
  readonly identityClaimed: (claim: IdentityClaimed) => Promise<void>;
  readonly dismissUnlinkedProof: (evidenceUri: string) => void;
}

const without = (pending: readonly PendingVerification[], drop: (p: PendingVerification) => boolean) => pending.filter((p) => !drop(p));

export const createVerificationSlice: SliceCreator<VerificationSlice> = (deps) => (set, get) => {
  const repo = deps.customers;
  const { fail, guarded } = contextProblemReporter(set);
  const forget = (drop: (p: PendingVerification) => boolean) => set((state) => ({ pendingVerifications: without(state.pendingVerifications, drop) }));

  return {
    pendingVerifications: [],
    unlinkedProofs: [],

    async addSocialHandle(handle) {
      const customerId = get().customerContext?.customer.id;
      if (!repo || customerId === undefined) return false;
      const result = await guarded('identity', () => repo.addIdentity(customerId, 'bluesky', handle, defaultRegionOf(get())));
      if (result === undefined || !result.ok) return false;
      await get().reloadContext();
      return true;
    },

    async unlinkIdentity(unlinked) {
      if (!repo) return;
      const codes = get().pendingVerifications.filter((p) => identityId(p.customerId, 'bluesky', normaliseHandle(p.handle) ?? p.handle) === unlinked);
      await guarded('identity', () => repo.unlinkIdentity(unlinked));
      for (const verification of codes) await get().cancelVerification(verification.verificationId);
      await get().reloadContext();
    },

    async startVerification(identity, delivery) {
      const callId = liveContextCall(get())?.id;
      // A claimed link is verified for the account that claimed it, and only on a call: its number is bound.
      const bind = { ...(callId === undefined ? {} : { callId }), ...(identity.claim === undefined ? {} : { did: identity.claim.did }) };
      const result = await callTandem(deps.api, (api) =>
        api.startVerification({ customerId: identity.customerId, network: 'bluesky', handle: identity.value, delivery, ...bind }),
      );
      if (!result.ok) return fail('verify', result.error);
      // One code per handle and customer: a new one replaces the one before.
      set((state) => ({
        pendingVerifications: [
          ...without(state.pendingVerifications, (p) => p.customerId === identity.customerId && p.handle === result.value.handle),
          result.value,
        ],
      }));
    },

    async cancelVerification(verificationId) {
      forget((p) => p.verificationId === verificationId);
      const result = await callTandem(deps.api, (api) => api.cancelVerification({ verificationId }));
      if (!result.ok) fail('verify', result.error);
    },

    async loadPendingVerifications() {
      const result = await callTandem(deps.api, (api) => api.listPendingVerifications({}));
      if (result.ok) set({ pendingVerifications: result.value });
    },

    async confirmVerificationCode(verificationId, code) {
      const callId = liveContextCall(get())?.id;
      if (callId === undefined) return 'no-call';
      const result = await callTandem(deps.api, (api) => api.confirmVerificationCode({ verificationId, code, callId }));
      if (!result.ok) {
        fail('verify', result.error);
        return null;
      }
      // A void code (expired, tried too often) is no longer worth showing; the agent sends a new one.
      if (result.value.outcome === 'expired') forget((p) => p.verificationId === verificationId);
      return result.value.outcome;
    },

    async identityProven(proof) {
      forget((p) => p.verificationId === proof.verificationId || (p.customerId === proof.customerId && p.handle.toLowerCase() === proof.handle.toLowerCase()));
      if (!repo) return;
      const outcome = await guarded('identity', () => repo.recordProof(proof));
      // A code that did not travel between the claimed number and the claiming account: the link stays a claim, and the agent is told.
      if (outcome?.status === 'unmatched' && outcome.reason === 'unbound') fail('proof');
      if (outcome?.status !== 'verified') return;
      if (get().customerContext?.customer.id === outcome.identity.customerId) {
        await get().reloadContext();
        void get().refreshProfiles();
      }
    },

    async identityClaimed(claim) {
      if (!repo) return;
      const outcome = await guarded('identity', () => repo.recordClaim(claim));
      if (outcome?.status === 'unmatched' && outcome.reason !== 'invalid') {
        const unlinked: UnlinkedProof = { evidenceUri: claim.evidenceUri, handle: claim.handle, phone: claim.phone, reason: outcome.reason, at: claim.at };
        set((state) => ({
          unlinkedProofs: [unlinked, ...state.unlinkedProofs.filter((known) => known.evidenceUri !== unlinked.evidenceUri)].slice(0, UNLINKED_PROOFS_KEPT),
        }));
      }
      // Shown as claimed (unverified) at once; no profile is fetched for it, and its posts are not the customer's.
      if (outcome?.status === 'claimed' && get().customerContext?.customer.id === outcome.identity.customerId) await get().reloadContext();
    },

    dismissUnlinkedProof(evidenceUri) {
      set((state) => ({ unlinkedProofs: state.unlinkedProofs.filter((proof) => proof.evidenceUri !== evidenceUri) }));
    },
  };
};
