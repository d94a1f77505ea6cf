import type { CallInfo, ConfirmOutcome, ContractError, IdentityClaimed, IdentityProven, PendingVerification, SocialItem } from '@tandem/contract';
import type { CallerMatch, CustomerContext } from '../customers/customerContext';
import type { CustomerSearchHit } from '../customers/customerRecords';
import { callerKeys, normaliseHandle } from '../customers/identityValue';
import { sameContext } from '../customers/popCards';
import { identityId, type Identity } from '../customers/model';
import { callTandem } from '../tandemClient';
import type { SliceCreator, TandemState } from '../store/store';

/** How long typing rests before the call note is written to Dexie. */
export const NOTE_AUTOSAVE_MS = 500;
/** Results shown for an unknown caller's search. */
export const SEARCH_LIMIT = 20;
/** A pop whose cached read takes longer than this shows "Looking up the caller…" first. */
export const LOADING_GRACE_MS = 120;

/**
 * The caller context panel (issue 5):
 *
 * ```
 *   idle ──call rings / is dialled──▶ loading ──lookup──▶ known | unknown | ambiguous
 *     ▲                                                    │  link / new customer
 *     └──────── closeContext ◀── (stays through the call and after hang-up)
 * ```
 *
 * A new ringing (or dialled) call replaces whatever the panel shows; hang-up
 * does not close it, so the agent can finish the note and wrap-up code.
 */
export type ContextStatus = 'idle' | 'loading' | 'known' | 'unknown' | 'ambiguous';

export type ContextOperation = 'lookup' | 'save' | 'search' | 'customer' | 'identity' | 'verify' | 'proof' | 'profile';

export interface ContextProblem {
  readonly operation: ContextOperation;
  readonly error: ContractError;
}

export interface CallNoteState {
  readonly callId: string;
  readonly text: string;
  readonly wrapUpCode: string | null;
  /** False while a change waits for the autosave. */
  readonly saved: boolean;
}

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

export interface CustomerSearchState {
  readonly query: string;
  /** Null before the first search (or while the box is empty). */
  readonly hits: readonly CustomerSearchHit[] | null;
}

export interface ContextSlice {
  contextStatus: ContextStatus;
  /** The call the panel is about, as last reported; null when opened for a customer without a call. */
  contextCall: CallInfo | null;
  customerContext: CustomerContext | null;
  /** Several customers share the caller's number or URI: the agent picks. */
  contextCandidates: readonly CallerMatch[];
  customerSearch: CustomerSearchState;
  callNote: CallNoteState | null;
  /** Codes issued by main and not yet proven, cancelled or expired. */
  pendingVerifications: readonly PendingVerification[];
  /** Newest first. */
  unlinkedProofs: readonly UnlinkedProof[];
  contextProblem: ContextProblem | null;

  /** Every `softphone:call` event: pops on a new ringing/dialled call, records the call at hang-up. */
  readonly contextCallChanged: (call: CallInfo) => void;
  /** The softphone snapshot after a (re)load: the live call gets its panel and its autosaved note back. */
  readonly contextSnapshot: (calls: readonly CallInfo[]) => Promise<void>;
  readonly closeContext: () => Promise<void>;
  /** Shows a customer's context (a search hit, an ambiguous caller's pick). */
  readonly openCustomer: (customerId: string) => Promise<void>;
  readonly searchCustomers: (query: string) => Promise<void>;
  /** "Link to existing customer": the caller's number/URI becomes one of theirs; the call is theirs. */
  readonly linkCallerToCustomer: (customerId: string) => Promise<void>;
  /** "New customer" with the caller's number/URI. */
  readonly createCustomerForCaller: (name: string) => Promise<boolean>;
  /** "Add social handle": recorded unverified; false when it isn't a handle. */
  readonly addSocialHandle: (handle: string) => Promise<boolean>;
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
  readonly setCallNoteText: (text: string) => void;
  readonly setWrapUpCode: (code: string | null) => Promise<void>;
  /** A note about the panel's customer, not tied to the call. */
  readonly addCustomerNote: (text: string) => Promise<boolean>;
  /** Writes a pending autosave now (window hiding, panel closing). */
  readonly flushCallNote: () => Promise<void>;
  /** Fetches the verified handles' live profiles through the connector and updates cache and panel. */
  readonly refreshProfiles: () => Promise<void>;
  /** New social items: the panel re-reads Dexie when one is by a verified account it shows. */
  readonly contextSocialItemsArrived: (items: readonly SocialItem[]) => Promise<void>;
  readonly dismissContextProblem: () => void;
  readonly dismissUnlinkedProof: (evidenceUri: string) => void;
}

const STORAGE_ERROR: ContractError = { code: 'internal', messageKey: 'errors.internal' };

const isPoppable = (call: CallInfo) => call.consultFor === null && ((call.direction === 'inbound' && call.state === 'ringing') || (call.direction === 'outbound' && call.state === 'dialing'));

/** The region for national phone formats: the SIP account's; without one only international numbers parse. */
export const defaultRegionOf = (state: Pick<TandemState, 'settings'>): string => state.settings?.sip?.defaultRegion ?? 'ZZ';

/** The brand account profiles are fetched through: the first Bluesky one configured. */
export const profileAccountOf = (state: Pick<TandemState, 'settings'>): string | null => {
  const account = state.settings?.social.find((social) => social.network === 'bluesky');
  return account === undefined ? null : `${account.network}:${account.handle}`;
};

/**
 * The panel's call while it is answered and not over: a code given or read
 * back on it binds its number (main checks the same against its own calls).
 */
export const liveContextCall = (state: Pick<TandemState, 'contextCall'>): CallInfo | null => {
  const call = state.contextCall;
  return call !== null && call.answeredAt !== null && call.state !== 'ended' ? call : null;
};

export const createContextSlice: SliceCreator<ContextSlice> = (deps) => (set, get) => {
  const repo = deps.customers;
  const afterPaint = deps.afterPaint ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  /** Bumped by every pop/open: late answers for an earlier caller are dropped. */
  let generation = 0;
  let autosave: { timer: ReturnType<typeof setTimeout>; call: CallInfo } | null = null;

  const fail = (operation: ContextOperation, error: ContractError = STORAGE_ERROR) => set({ contextProblem: { operation, error } });

  /** Runs Dexie work; a failure becomes a problem in the panel (IndexedDB can be full or blocked). */
  async function guarded<T>(operation: ContextOperation, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch {
      fail(operation);
      return undefined;
    }
  }

  async function showCustomer(customerId: string, turn: number): Promise<boolean> {
    if (!repo) return false;
    const context = await guarded('lookup', () => repo.loadContext(customerId));
    if (turn !== generation) return false;
    if (context === undefined || context === null) {
      set({ contextStatus: get().contextCall === null ? 'idle' : 'unknown', customerContext: null });
      return false;
    }
    set({ contextStatus: 'known', customerContext: context, contextCandidates: [] });
    void get().refreshProfiles();
    return true;
  }

  /** Re-reads the panel's customer without a new generation (fresh posts, a proof, a new identity). */
  async function reload(): Promise<void> {
    const customerId = get().customerContext?.customer.id;
    if (customerId === undefined || !repo) return;
    const turn = generation;
    const context = await guarded('lookup', () => repo.loadContext(customerId));
    if (turn !== generation || context === undefined) return;
    if (context === null) set({ contextStatus: get().contextCall === null ? 'idle' : 'unknown', customerContext: null });
    else set({ customerContext: context });
  }

  /**
   * A pop whose "loading" state is not committed yet: the cache usually answers
   * within a frame, and the panel then goes from what it showed to the
   * caller's context in ONE commit (no extra render, layout and paint of a
   * loading state on the path to the pop). Committed early when the read is
   * slow (`LOADING_GRACE_MS`) or anything else touches the panel first.
   */
  let pending: { readonly turn: number; readonly timer: ReturnType<typeof setTimeout>; patch: Partial<TandemState> } | null = null;

  function commitLoading(): void {
    if (pending === null) return;
    const { turn, timer, patch } = pending;
    pending = null;
    clearTimeout(timer);
    if (turn === generation) set(patch);
  }

  /** The screen pop: cached data only, no network before the panel paints. */
  async function pop(call: CallInfo, restoreNote: boolean): Promise<void> {
    commitLoading();
    const turn = ++generation;
    const loading: Partial<TandemState> = {
      contextStatus: 'loading',
      contextCall: call,
      customerContext: null,
      contextCandidates: [],
      customerSearch: { query: '', hits: null },
      callNote: { callId: call.id, text: '', wrapUpCode: null, saved: true },
      contextProblem: null,
    };
    if (!repo) return set({ ...loading, contextStatus: 'unknown' });
    // The reads go out first, before anything else this event causes gets the main thread.
    const read = guarded('lookup', () => repo.popCaller(call.id, call.remote, defaultRegionOf(get()), { restoreDraft: restoreNote }));
    pending = { turn, timer: setTimeout(commitLoading, LOADING_GRACE_MS), patch: loading };
    const found = await read;
    if (turn !== generation) return;
    // Whatever happened while reading (a later event for this call) is in the pending patch.
    const base = pending?.turn === turn ? pending.patch : {};
    if (pending?.turn === turn) {
      clearTimeout(pending.timer);
      pending = null;
    }
    const shownCall = get().contextCall?.id === call.id ? {} : base;
    const draft = found?.draft;
    const note = draft === undefined ? {} : { callNote: { callId: call.id, text: draft.text, wrapUpCode: draft.wrapUpCode, saved: true } };
    if (found === undefined) {
      // The read failed (guarded reported it): the problem stays, the panel offers search.
      set({ ...shownCall, contextProblem: get().contextProblem, contextStatus: 'unknown', customerContext: null, contextCandidates: [] });
      void guarded('save', () => repo.saveCallDraft(call, {}));
      return;
    }
    const { matches, context } = found;
    if (context !== null) {
      set({ ...shownCall, ...note, contextStatus: 'known', customerContext: context, contextCandidates: [] });
      if (found.fromCard) void confirmCard(call, turn);
      else void get().refreshProfiles();
      // The number's only customer: this call is theirs (a hand-made link is already in the draft).
      if (draft?.customerId !== context.customer.id) void guarded('save', () => repo.saveCallDraft(call, { customerId: context.customer.id }));
      return;
    }
    set({ ...shownCall, ...note, contextStatus: matches.length === 0 ? 'unknown' : 'ambiguous', customerContext: null, contextCandidates: matches });
    void guarded('save', () => repo.saveCallDraft(call, {}));
  }

  /**
   * A pop painted from the caller's card (as the panel last showed them): once
   * it is on screen, everything is read again and what changed since (a call,
   * a note, a post) replaces it; only then do profiles go to the network.
   */
  async function confirmCard(call: CallInfo, turn: number): Promise<void> {
    if (!repo) return;
    await afterPaint();
    if (turn !== generation) return;
    const fresh = await guarded('lookup', () => repo.popCaller(call.id, call.remote, defaultRegionOf(get()), { useCard: false }));
    if (fresh === undefined || turn !== generation) return;
    if (fresh.context === null) {
      // The number is no longer (only) this customer's: what a first ring would show.
      set({ contextStatus: fresh.matches.length === 0 ? 'unknown' : 'ambiguous', customerContext: null, contextCandidates: fresh.matches });
      return;
    }
    const shown = get().customerContext;
    if (shown === null || !sameContext(shown, fresh.context)) set({ contextStatus: 'known', customerContext: fresh.context, contextCandidates: [] });
    void get().refreshProfiles();
  }

  async function finish(call: CallInfo): Promise<void> {
    if (!repo) return;
    const note = get().callNote;
    const panelCall = note?.callId === call.id;
    if (panelCall && autosave?.call.id === call.id) {
      clearTimeout(autosave.timer);
      autosave = null;
    }
    const draft = panelCall ? undefined : await guarded('save', () => repo.callDraft(call.id));
    // A call the desk never popped (a consultation leg, one that ended before this window opened) stays in the call log only.
    if (!panelCall && draft === undefined) return;
    const patch = panelCall && note !== null ? { text: note.text, wrapUpCode: note.wrapUpCode } : {};
    const written = await guarded('save', () => repo.finishCall(call, patch));
    if (written === undefined) return;
    if (panelCall) set((state) => (state.callNote?.callId === call.id ? { callNote: { ...state.callNote, saved: true } } : {}));
    // One full read after hang-up: it stores the caller's pop card with this call (so their next
    // ring paints it at once), and it is the panel's fresh context when the panel shows them.
    const turn = generation;
    const fresh = await repo.popCaller(call.id, call.remote, defaultRegionOf(get()), { useCard: false }).catch(() => undefined);
    if (!panelCall || turn !== generation) return;
    const context = fresh?.context ?? null;
    if (context !== null && context.customer.id === get().customerContext?.customer.id) set({ customerContext: context });
    else await reload();
  }

  async function writeNote(call: CallInfo): Promise<void> {
    const note = get().callNote;
    if (!repo || note === null || note.callId !== call.id) return;
    const saved = await guarded('save', () => repo.saveCallDraft(call, { text: note.text, wrapUpCode: note.wrapUpCode }));
    if (saved === undefined) return;
    set((state) => (state.callNote?.callId === call.id && state.callNote.text === saved.text ? { callNote: { ...state.callNote, saved: true } } : {}));
    if (saved.finishedAt !== null) await reload();
  }

  async function flush(): Promise<void> {
    if (autosave === null) return;
    clearTimeout(autosave.timer);
    const { call } = autosave;
    autosave = null;
    await writeNote(call);
  }

  return {
    contextStatus: 'idle',
    contextCall: null,
    customerContext: null,
    contextCandidates: [],
    customerSearch: { query: '', hits: null },
    callNote: null,
    pendingVerifications: [],
    unlinkedProofs: [],
    contextProblem: null,

    contextCallChanged(call) {
      const popping = pending?.turn === generation ? pending : null;
      if (popping !== null && popping.patch.contextCall?.id === call.id && call.state !== 'ended') {
        // The call being popped changed before its panel showed: the pop will show this state.
        popping.patch = { ...popping.patch, contextCall: call };
        return;
      }
      commitLoading();
      const shown = get().contextCall;
      if (shown?.id === call.id) set({ contextCall: call });
      if (call.state === 'ended') {
        void finish(call);
        return;
      }
      if (shown?.id !== call.id && isPoppable(call)) {
        // Nothing to save first (the usual case): the reads start in this very task.
        if (autosave === null) void pop(call, true);
        else void flush().then(() => pop(call, true));
      }
    },

    async contextSnapshot(calls) {
      // Calls that ended while no window was open still get their note and code recorded.
      if (repo) void guarded('save', () => repo.finishAbandonedDrafts(calls.filter((call) => call.state !== 'ended').map((call) => call.id)));
      if (get().contextCall !== null) return;
      const live = calls.filter((call) => call.state !== 'ended' && call.consultFor === null);
      const ringing = live.filter((call) => call.direction === 'inbound' && call.state === 'ringing').sort((a, b) => b.startedAt - a.startedAt);
      const chosen = ringing[0] ?? [...live].sort((a, b) => b.startedAt - a.startedAt)[0];
      if (chosen !== undefined) await pop(chosen, true);
    },

    async closeContext() {
      commitLoading();
      await flush();
      generation++;
      set({ contextStatus: 'idle', contextCall: null, customerContext: null, contextCandidates: [], callNote: null, customerSearch: { query: '', hits: null }, contextProblem: null });
    },

    async openCustomer(customerId) {
      commitLoading();
      const turn = ++generation;
      const call = get().contextCall;
      set({ contextStatus: 'loading', customerContext: null });
      const shown = await showCustomer(customerId, turn);
      if (shown && call !== null && repo) await guarded('save', () => repo.assignCall(call.id, customerId));
    },

    async searchCustomers(query) {
      set({ customerSearch: { query, hits: query.trim() === '' ? null : get().customerSearch.hits } });
      if (!repo || query.trim() === '') return;
      const hits = await guarded('search', () => repo.search(query, defaultRegionOf(get()), SEARCH_LIMIT));
      if (hits === undefined || get().customerSearch.query !== query) return;
      set({ customerSearch: { query, hits } });
    },

    async linkCallerToCustomer(customerId) {
      commitLoading();
      const call = get().contextCall;
      if (!repo) return;
      if (call !== null) {
        const region = defaultRegionOf(get());
        const [key] = callerKeys(call.remote, region);
        if (key !== undefined) await guarded('identity', () => repo.addIdentity(customerId, key.kind, key.value, region));
        await guarded('save', () => repo.saveCallDraft(call, { customerId }));
      }
      await get().openCustomer(customerId);
    },

    async createCustomerForCaller(name) {
      commitLoading();
      if (!repo || name.trim() === '') return false;
      const call = get().contextCall;
      const region = defaultRegionOf(get());
      const key = call === null ? undefined : callerKeys(call.remote, region)[0];
      const created = await guarded('customer', () => repo.createCustomer({ name, identities: key === undefined ? [] : [key] }, region));
      if (created === undefined) return false;
      if (call !== null) await guarded('save', () => repo.saveCallDraft(call, { customerId: created.customer.id }));
      await get().openCustomer(created.customer.id);
      return true;
    },

    async addSocialHandle(handle) {
      const customerId = get().customerContext?.customer.id;
      if (!repo || customerId === undefined) return false;
      const result = await guarded('identity', () => repo.addIdentity(customerId, 'bluesky', handle, defaultRegionOf(get())));
      if (result === undefined || !result.ok) return false;
      await reload();
      return true;
    },

    async unlinkIdentity(unlinked) {
      if (!repo) return;
      const pending = get().pendingVerifications.filter((p) => identityId(p.customerId, 'bluesky', normaliseHandle(p.handle) ?? p.handle) === unlinked);
      await guarded('identity', () => repo.unlinkIdentity(unlinked));
      for (const verification of pending) await get().cancelVerification(verification.verificationId);
      await reload();
    },

    async startVerification(identity, delivery) {
      const callId = liveContextCall(get())?.id;
      // A claimed link is verified for the account that claimed it, and only on a call: its number is bound.
      const bind = { ...(callId === undefined ? {} : { callId }), ...(identity.claim === undefined ? {} : { did: identity.claim.did }) };
      const result = await callTandem(deps.api, (api) => api.startVerification({ customerId: identity.customerId, network: 'bluesky', handle: identity.value, delivery, ...bind }));
      if (!result.ok) return fail('verify', result.error);
      set((state) => ({ pendingVerifications: [...state.pendingVerifications.filter((p) => !(p.customerId === identity.customerId && p.handle === result.value.handle)), result.value] }));
    },

    async cancelVerification(verificationId) {
      set((state) => ({ pendingVerifications: state.pendingVerifications.filter((p) => p.verificationId !== verificationId) }));
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
      if (result.value.outcome === 'expired') set((state) => ({ pendingVerifications: state.pendingVerifications.filter((p) => p.verificationId !== verificationId) }));
      return result.value.outcome;
    },

    async identityProven(proof) {
      set((state) => ({
        pendingVerifications: state.pendingVerifications.filter(
          (p) => p.verificationId !== proof.verificationId && !(p.customerId === proof.customerId && p.handle.toLowerCase() === proof.handle.toLowerCase()),
        ),
      }));
      if (!repo) return;
      const outcome = await guarded('identity', () => repo.recordProof(proof));
      // A code that did not travel between the claimed number and the claiming account: the link stays a claim, and the agent is told.
      if (outcome?.status === 'unmatched' && outcome.reason === 'unbound') fail('proof');
      if (outcome?.status !== 'verified') return;
      if (get().customerContext?.customer.id === outcome.identity.customerId) {
        await reload();
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
      if (outcome?.status === 'claimed' && get().customerContext?.customer.id === outcome.identity.customerId) await reload();
    },

    setCallNoteText(text) {
      commitLoading();
      const note = get().callNote;
      const call = get().contextCall;
      if (note === null || call === null) return;
      set({ callNote: { ...note, text, saved: false } });
      if (autosave !== null) clearTimeout(autosave.timer);
      autosave = { call, timer: setTimeout(() => void flush(), NOTE_AUTOSAVE_MS) };
    },

    async setWrapUpCode(wrapUpCode) {
      commitLoading();
      const note = get().callNote;
      const call = get().contextCall;
      if (note === null || call === null) return;
      set({ callNote: { ...note, wrapUpCode, saved: false } });
      if (autosave !== null) clearTimeout(autosave.timer);
      autosave = null;
      await writeNote(call);
    },

    async addCustomerNote(text) {
      const customerId = get().customerContext?.customer.id;
      if (!repo || customerId === undefined || text.trim() === '') return false;
      const note = await guarded('save', () => repo.addNote(customerId, text));
      if (note === undefined) return false;
      await reload();
      return true;
    },

    async flushCallNote() {
      commitLoading();
      await flush();
    },

    async refreshProfiles() {
      const context = get().customerContext;
      const accountId = profileAccountOf(get());
      if (!repo || context === null || accountId === null) return;
      const turn = generation;
      const verified = context.identities.filter((identity) => identity.verified && identity.kind === 'bluesky');
      await Promise.all(
        verified.map(async (identity) => {
          const result = await callTandem(deps.api, (api) => api.getSocialProfile({ accountId, actor: identity.did ?? identity.value }));
          if (!result.ok) return;
          const updated = await guarded('profile', () => repo.updateProfile(identity.id, result.value));
          if (updated == null || turn !== generation) return;
          set((state) =>
            state.customerContext?.customer.id === updated.customerId
              ? { customerContext: { ...state.customerContext, identities: state.customerContext.identities.map((known) => (known.id === updated.id ? updated : known)) } }
              : {},
          );
        }),
      );
    },

    async contextSocialItemsArrived(items) {
      const context = get().customerContext;
      if (context === null) return;
      const dids = new Set(context.identities.flatMap((identity) => (identity.verified && identity.did !== null ? [identity.did] : [])));
      if (items.some((item) => dids.has(item.author.did))) await reload();
    },

    dismissUnlinkedProof(evidenceUri) {
      set((state) => ({ unlinkedProofs: state.unlinkedProofs.filter((proof) => proof.evidenceUri !== evidenceUri) }));
    },

    dismissContextProblem() {
      set({ contextProblem: null });
    },
  };
};
