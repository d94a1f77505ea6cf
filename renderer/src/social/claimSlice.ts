import { HANDLED_ELSEWHERE, type ClaimOutcome, type ContractError, type Result } from '@tandem/contract';
import { callTandem } from '../tandemClient';
import type { SliceCreator, TandemState } from '../store/store';

/**
 * Who handles a conversation, as this desk last heard it from the team
 * database: `mine` (our lease runs until `leaseUntil`), `other` (`holder`
 * handles it), `free`, or `unknown` (never asked, or the database could not
 * be reached). The database decides (main/core/team/claims.ts); this is only
 * what the composer and the inbox show.
 */
export type ClaimState = 'mine' | 'other' | 'free' | 'unknown';

export interface ConversationClaim {
  readonly state: ClaimState;
  /** The holder's name when `state` is `other`. */
  readonly holder: string | null;
  /** Epoch ms when our lease runs out, when `state` is `mine`. */
  readonly leaseUntil: number | null;
  /** Why the last ask failed, as an i18n key (`team.errors.offline`), or null. */
  readonly problem: string | null;
}

/** A renewal is asked at most this often while the agent types; the lease itself lasts 10 minutes. */
export const RENEW_EVERY_MS = 60_000;

export interface ClaimSlice {
  claims: Readonly<Record<string, ConversationClaim>>;
  /**
   * The agent typed in the composer: the first keystroke of an open composer
   * claims the conversation, later ones renew our lease at most every
   * {@link RENEW_EVERY_MS}. An idle composer asks nothing, so the lease runs
   * out after 10 minutes by itself.
   */
  readonly composerTyped: (conversationId: string) => void;
  /** The composer closed (another conversation, or none): our claim is given back. */
  readonly composerClosed: (conversationId: string) => void;
  /**
   * Before a send: waits for the claim in flight (or makes one when ours has
   * lapsed) and says whether this desk may send. A team desk sends only under
   * a claim the database gave it: not when another agent holds it, and not
   * when the database could not be asked (offline); a solo desk always may.
   */
  readonly claimBeforeSend: (conversationId: string) => Promise<boolean>;
  /** "Take conversation": claims a free one; a supervisor takes one over from another agent's live claim. */
  readonly takeConversation: (conversationId: string, options?: { readonly takeOver?: boolean }) => Promise<void>;
  /** "Release", or a reply handed to the outbox: the conversation is free for the team again. */
  readonly releaseConversation: (conversationId: string) => Promise<void>;
  /** Lets go of the claims of conversations the page no longer holds or uses (`keeps`), but not a running lease ({@link claimsKept}). */
  readonly keepClaims: (keeps: (conversationId: string) => boolean) => void;
}

/** A solo desk (no team database in its profile) has no claims: the composer works as it always did. A malformed settings reply (the crash-notice story) reads as solo. */
export const isTeamDesk = (state: Pick<TandemState, 'settings'>): boolean => state.settings?.team?.database !== undefined;

/** The team database has no such conversation (the ingester has not written it yet): nothing to claim, so nothing to send. */
export const NOT_SHARED = 'team.errors.notShared';

const fromOutcome = (outcome: ClaimOutcome): ConversationClaim => {
  if (outcome.ok) return { state: 'mine', holder: null, leaseUntil: outcome.leaseUntil, problem: null };
  if (outcome.heldBy === null) return { state: 'unknown', holder: null, leaseUntil: null, problem: NOT_SHARED };
  return { state: 'other', holder: outcome.heldBy.name, leaseUntil: null, problem: null };
};

/**
 * The claim as it stands at `now`: a lease that ran out is nobody's, on every
 * desk, without waiting for a change (the database announces none when
 * time passes).
 */
export function liveClaim(claim: ConversationClaim | undefined, now: number): ConversationClaim | undefined {
  if (claim === undefined || (claim.state !== 'other' && claim.state !== 'mine') || claim.leaseUntil === null || claim.leaseUntil > now) return claim;
  return { state: 'free', holder: null, leaseUntil: null, problem: claim.problem };
}

/** Whether someone (this desk or another) holds `claim` under a lease that has not lapsed at `now`. */
export const leaseRuns = (claim: ConversationClaim, now: number): boolean =>
  (claim.state === 'mine' || claim.state === 'other') && claim.leaseUntil !== null && claim.leaseUntil > now;

/**
 * The claims a page keeps: every claim on a conversation it holds or has in use (`keeps`), and on any
 * other only a lease that has not lapsed (this desk's own, or another agent's on a conversation the page
 * let go of, or has not heard of yet). What leaves (free, unknown, lapsed) reads exactly as no claim does,
 * and a reconnect's `team:getQueue` brings back every live claim: so a page left open holds one claim per
 * conversation it holds, not one per team conversation it ever heard of. Null when every claim stays.
 */
export function claimsKept(
  claims: Readonly<Record<string, ConversationClaim>>,
  keeps: (conversationId: string) => boolean,
  now: number,
): Readonly<Record<string, ConversationClaim>> | null {
  const kept = Object.entries(claims).filter(([id, claim]) => keeps(id) || leaseRuns(claim, now));
  return kept.length === Object.keys(claims).length ? null : Object.fromEntries(kept);
}

export const createClaimSlice: SliceCreator<ClaimSlice> = (deps) => (set, get) => {
  const now = () => deps.now?.() ?? Date.now();
  /** When this desk last asked, per open composer: absent means "not asked since it opened". */
  const asked = new Map<string, number>();
  const put = (conversationId: string, claim: ConversationClaim) => set((state) => ({ claims: { ...state.claims, [conversationId]: claim } }));
  const failed = (conversationId: string, error: ContractError) => {
    const known = get().claims[conversationId];
    put(conversationId, { state: known?.state === 'other' ? 'other' : 'unknown', holder: known?.holder ?? null, leaseUntil: null, problem: error.messageKey });
  };
  /**
   * Open composers whose claim another agent won. When that agent has replied
   * and let go, the conversation reads free again, but a draft written
   * meanwhile was not written to their reply: its Send must not claim the
   * conversation on its own and post a second answer (CI caught two brand
   * replies that way). Cleared by an explicit take, or a new composer.
   */
  const lost = new Set<string>();
  const ask = async (conversationId: string, call: () => Promise<Result<ClaimOutcome>>) => {
    const result = await call();
    if (!result.ok) return failed(conversationId, result.error);
    if (result.value.ok) lost.delete(conversationId);
    else if (result.value.heldBy !== null) lost.add(conversationId);
    put(conversationId, fromOutcome(result.value));
  };
  /** Claims in flight, so a send right after the first keystroke waits for that answer instead of asking twice. */
  const inFlight = new Map<string, Promise<void>>();
  const claim = (conversationId: string): Promise<void> => {
    const running = inFlight.get(conversationId);
    if (running !== undefined) return running;
    const next = ask(conversationId, () => callTandem(deps.api, (api) => api.claimConversation({ conversationId }))).finally(() =>
      inFlight.delete(conversationId),
    );
    inFlight.set(conversationId, next);
    return next;
  };

  return {
    claims: {},

    composerTyped(conversationId) {
      if (!isTeamDesk(get())) return;
      const last = asked.get(conversationId);
      if (last === undefined) {
        asked.set(conversationId, now());
        void claim(conversationId);
        return;
      }
      // Renew only what is ours: a lost race is not asked again on every keystroke.
      if (get().claims[conversationId]?.state !== 'mine' || now() - last < RENEW_EVERY_MS) return;
      asked.set(conversationId, now());
      void claim(conversationId);
    },

    composerClosed(conversationId) {
      asked.delete(conversationId);
      lost.delete(conversationId);
      if (get().claims[conversationId]?.state === 'mine') void get().releaseConversation(conversationId);
    },

    async claimBeforeSend(conversationId) {
      if (!isTeamDesk(get())) return true;
      const known = get().claims[conversationId];
      if (lost.has(conversationId) && known?.state !== 'mine') {
        // Lost to another agent, who may have answered since: "Take conversation" first, having read it.
        put(conversationId, {
          state: known?.state ?? 'unknown',
          holder: known?.holder ?? null,
          leaseUntil: known?.leaseUntil ?? null,
          problem: HANDLED_ELSEWHERE,
        });
        return false;
      }
      if (inFlight.has(conversationId) || known?.state !== 'mine' || (known.leaseUntil ?? 0) <= now()) {
        asked.set(conversationId, now());
        await claim(conversationId);
      }
      return get().claims[conversationId]?.state === 'mine';
    },

    async takeConversation(conversationId, options = {}) {
      if (!isTeamDesk(get())) return;
      asked.set(conversationId, now());
      if (options.takeOver === true) {
        await ask(conversationId, () => callTandem(deps.api, (api) => api.takeOverConversation({ conversationId })));
      } else {
        await claim(conversationId);
      }
    },

    async releaseConversation(conversationId) {
      if (!isTeamDesk(get())) return;
      const result = await callTandem(deps.api, (api) => api.releaseConversation({ conversationId }));
      if (!result.ok) return failed(conversationId, result.error);
      put(conversationId, { state: 'free', holder: null, leaseUntil: null, problem: null });
      // Typing again after a release claims again, as a fresh composer would.
      asked.delete(conversationId);
    },

    keepClaims(keeps) {
      const claims = claimsKept(get().claims, keeps, now());
      if (claims !== null) set({ claims });
    },
  };
};
