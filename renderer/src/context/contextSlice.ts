import type { CallInfo, SocialItem } from '@tandem/contract';
import type { CallerMatch, CustomerContext } from '../customers/customerContext';
import { callerKeys } from '../customers/identityValue';
import { callTandem } from '../tandemClient';
import { startNote } from './callNoteSlice';
import { contextProblemReporter, type ContextProblem } from './contextProblem';
import { defaultRegionOf, profileAccountOf } from '../settings/settingsSelectors';
import { NO_SEARCH } from './customerSearchSlice';
import { RecentIds } from './recentIds';
import { ScreenPopController } from './screenPopController';
import { callToPopAfterRead } from './snapshotPop';
import type { ContextStatus } from './screenPopStatus';
import type { SoftphoneLoad } from '../softphone/softphoneSlice';
import type { SliceCreator, TandemState } from '../store/store';

/**
 * The caller context panel (issue 5): the screen pop of a ringing or dialled
 * call, and the customer it shows. Its status is the machine in
 * `screenPopStatus.ts`; the timing (turns, the loading grace, pop card
 * confirmation) is `screenPopController.ts`. The call note, the handles'
 * verification and the customer search are slices of their own.
 */
export interface ContextSlice {
  contextStatus: ContextStatus;
  /** The call the panel is about, as last reported; null when opened for a customer without a call. */
  contextCall: CallInfo | null;
  customerContext: CustomerContext | null;
  /** Several customers share the caller's number or URI: the agent picks. */
  contextCandidates: readonly CallerMatch[];
  contextProblem: ContextProblem | null;

  /** Every `softphone:call` event: pops on a new ringing/dialled call, records the call at hang-up. */
  readonly contextCallChanged: (call: CallInfo) => void;
  /** The softphone snapshot after a (re)load: the live call gets its panel and autosaved note back, a call that ended unheard its history. */
  readonly contextSnapshot: (load: SoftphoneLoad) => Promise<void>;
  readonly closeContext: () => Promise<void>;
  /** Shows a customer's context (a search hit, an ambiguous caller's pick). */
  readonly openCustomer: (customerId: string) => Promise<void>;
  /** "Link to existing customer": the caller's number/URI becomes one of theirs; the call is theirs. */
  readonly linkCallerToCustomer: (customerId: string) => Promise<void>;
  /** "New customer" with the caller's number/URI. */
  readonly createCustomerForCaller: (name: string) => Promise<boolean>;
  /** A note about the panel's customer, not tied to the call; an important one shows on their ringing banner. */
  readonly addCustomerNote: (text: string, important?: boolean) => Promise<boolean>;
  /** Re-reads the panel's customer in the same turn (fresh posts, a proof, a new identity, a note saved after hang-up). */
  readonly reloadContext: () => Promise<void>;
  /** Paints a pop's deferred "loading" now: the agent touched the panel before the read answered. */
  readonly commitPendingPop: () => void;
  /**
   * Resolves once no screen pop is reading or painting (at once when none is): what a ring also starts
   * and nobody needs in the pop's frame (the Answer button's focus, the ringtone) waits for it.
   */
  readonly afterScreenPop: () => Promise<void>;
  /** Fetches the verified handles' live profiles through the connector and updates cache and panel. */
  readonly refreshProfiles: () => Promise<void>;
  /** New social items: the panel re-reads Dexie when one is by a verified account it shows. */
  readonly contextSocialItemsArrived: (items: readonly SocialItem[]) => Promise<void>;
  readonly dismissContextProblem: () => void;
}

/** A User Timing mark set when a pop's cached read has answered. */
export const POP_READ_MARK = 'tandem:screen-pop:read';

/** The Element Timing identifier of the caller's name in the panel: the browser says when a pop first painted it. */
export const CALLER_NAME_TIMING = 'tandem:caller-name';

/**
 * For the DevTools timeline and the context bench: where the cache's answer falls between the ring and the paint.
 * Only the latest is kept: one entry per call would grow the page's timeline for as long as it runs.
 */
function markRead(): void {
  performance.clearMarks(POP_READ_MARK);
  performance.mark(POP_READ_MARK);
}

const POPPED_CALLS_KEPT = 20;

/** A context shown without its history's promise (the read that would bring it failed). */
function withoutPending({ historyPending: _pending, ...context }: CustomerContext): CustomerContext {
  return context;
}

const isPoppable = (call: CallInfo) =>
  call.consultFor === null && ((call.direction === 'inbound' && call.state === 'ringing') || (call.direction === 'outbound' && call.state === 'dialing'));

export const createContextSlice: SliceCreator<ContextSlice> = (deps) => (set, get) => {
  const repo = deps.customers;
  const { guarded } = contextProblemReporter(set);
  const afterPaint = deps.afterPaint ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const screenPop = new ScreenPopController<Partial<TandemState>>({ commit: set, show: set, shown: () => get().customerContext, afterPaint });
  /** With no call the panel closes when its customer is gone; on a call it offers search. */
  const nobody = () => screenPop.move(get().contextCall === null ? 'idle' : 'unknown');

  async function showCustomer(customerId: string, turn: number): Promise<boolean> {
    if (!repo) return false;
    const context = await guarded('lookup', () => repo.loadContext(customerId));
    if (!screenPop.isCurrent(turn)) return false;
    if (context === undefined || context === null) {
      set({ ...nobody(), customerContext: null });
      return false;
    }
    set({ ...screenPop.move('known'), customerContext: context, contextCandidates: [] });
    void get().refreshProfiles();
    return true;
  }

  async function reload(): Promise<void> {
    const customerId = get().customerContext?.customer.id;
    if (customerId === undefined || !repo) return;
    const turn = screenPop.turn;
    const context = await guarded('lookup', () => repo.loadContext(customerId));
    // Only a panel that shows a customer is re-read: a pop or pick still reading in this turn
    // paints it afresh anyway, and one that has since found nobody has nothing to refresh.
    if (!screenPop.isCurrent(turn) || context === undefined || screenPop.status !== 'known') return;
    if (context === null) set({ ...nobody(), customerContext: null });
    else set({ customerContext: context });
  }

  /**
   * The screen pop: cached data only, no network before the panel paints. Until
   * it has painted, writes that can wait (the team's rows) leave IndexedDB to it.
   */
  async function pop(call: CallInfo, restoreNote: boolean): Promise<void> {
    const release = deps.popQuiet?.hold();
    let open = () => {};
    const painted = new Promise<void>((resolve) => (open = resolve));
    try {
      await popFromCache(call, restoreNote, painted);
    } finally {
      // The pop's own writes (the call's draft, the caller's pop card) wait for the frame as the team's rows do.
      void afterPaint().then(open, open);
      if (release !== undefined) void painted.then(release);
    }
  }

  /** The call's draft says whose call it is; written once the pop has painted, and awaited at hang-up. */
  const draftWrites = new Map<string, Promise<unknown>>();
  function saveDraftAfter(painted: Promise<void>, call: CallInfo, patch: { customerId?: string }): void {
    if (!repo) return;
    const written = painted.then(() => guarded('save', () => repo.saveCallDraft(call, patch)));
    draftWrites.set(call.id, written);
    void written.finally(() => {
      if (draftWrites.get(call.id) === written) draftWrites.delete(call.id);
    });
  }

  /** The calls popped lately: a call popped again (its panel closed while it rang) reads its draft, never a remembered card. */
  const popped = new RecentIds(POPPED_CALLS_KEPT);

  async function popFromCache(call: CallInfo, restoreNote: boolean, painted: Promise<void>): Promise<void> {
    const turn = screenPop.begin();
    const loading: Partial<TandemState> = {
      contextStatus: screenPop.status,
      contextCall: call,
      customerContext: null,
      contextCandidates: [],
      customerSearch: NO_SEARCH,
      callNote: startNote(call.id),
      contextProblem: null,
    };
    if (!repo) return set({ ...loading, ...screenPop.move('unknown') });
    const region = defaultRegionOf(get());
    // A caller who rang before, on a call not popped before (whose draft may hold a note to restore): their card
    // is in memory, and the panel shows them in the ringing call's own commit, confirmed by a full read once painted.
    const remembered = popped.has(call.id) ? null : repo.recallCard(call.remote, region);
    popped.add(call.id);
    if (remembered !== null) {
      set({ ...loading, ...screenPop.move('known'), customerContext: remembered, contextCandidates: [] });
      markRead();
      void confirmCard(call, turn);
      saveDraftAfter(painted, call, { customerId: remembered.customer.id });
      return;
    }
    // A first ring shows who is calling as soon as that answers; their history follows with the full answer.
    const showWho = (who: CustomerContext) => {
      if (!screenPop.isCurrent(turn) || screenPop.status !== 'loading') return;
      set({ ...(screenPop.settle(turn) ?? {}), ...screenPop.move('known'), customerContext: who, contextCandidates: [] });
      markRead();
    };
    // The reads go out first, before anything else this event causes gets the main thread.
    const read = guarded('lookup', () =>
      repo.popCaller(call.id, call.remote, region, {
        restoreDraft: restoreNote,
        storeCardAfter: painted,
        onWho: showWho,
        // Who is calling paints first; the history's reads are asked for after that frame.
        historyAfterWho: afterPaint,
      }),
    );
    screenPop.defer(turn, loading);
    const found = await read;
    if (!screenPop.isCurrent(turn)) return;
    const whoShown = screenPop.status === 'known';
    if (!whoShown) markRead();
    // Whatever happened while reading (a later event for this call) is in the deferred patch.
    const base = screenPop.settle(turn) ?? {};
    const shownCall = get().contextCall?.id === call.id ? {} : base;
    const draft = found?.draft;
    const note = draft === undefined ? {} : { callNote: startNote(call.id, draft) };
    if (found === undefined && whoShown) {
      // The history's read failed (guarded reported it): the problem says so, and who is calling stays.
      const shown = get().customerContext;
      if (shown !== null) set({ customerContext: withoutPending(shown) });
      saveDraftAfter(painted, call, shown === null ? {} : { customerId: shown.customer.id });
      return;
    }
    if (found === undefined) {
      // The read failed (guarded reported it): the problem stays, the panel offers search.
      set({ ...shownCall, contextProblem: get().contextProblem, ...screenPop.move('unknown'), customerContext: null, contextCandidates: [] });
      saveDraftAfter(painted, call, {});
      return;
    }
    const { matches, context } = found;
    if (context !== null) {
      set({ ...shownCall, ...note, ...(whoShown ? {} : screenPop.move('known')), customerContext: context, contextCandidates: [] });
      if (found.fromCard) void confirmCard(call, turn);
      // Profiles go to the network once the cached panel has painted.
      else void painted.then(() => (screenPop.isCurrent(turn) ? get().refreshProfiles() : undefined));
      // The number's only customer: this call is theirs (a hand-made link is already in the draft).
      if (draft?.customerId !== context.customer.id) saveDraftAfter(painted, call, { customerId: context.customer.id });
      return;
    }
    set({ ...shownCall, ...note, ...screenPop.move(matches.length === 0 ? 'unknown' : 'ambiguous'), customerContext: null, contextCandidates: matches });
    saveDraftAfter(painted, call, {});
  }

  /**
   * A pop painted from the caller's card (as the panel last showed them) is
   * read again once on screen; only then do profiles go to the network.
   */
  async function confirmCard(call: CallInfo, turn: number): Promise<void> {
    if (!repo) return;
    const confirmed = await screenPop.confirmCard(turn, () =>
      guarded('lookup', () => repo.popCaller(call.id, call.remote, defaultRegionOf(get()), { useCard: false })),
    );
    if (confirmed) void get().refreshProfiles();
  }

  async function finish(call: CallInfo): Promise<void> {
    if (!repo) return;
    // A call that ends before its pop painted: the draft that says whose call it was goes first.
    await draftWrites.get(call.id);
    const recorded = await get().recordEndedCall(call);
    if (recorded === 'unrecorded') return;
    // One full read after hang-up: it stores the caller's pop card with this call (so their next
    // ring paints it at once), and it is the panel's fresh context when the panel shows them.
    const turn = screenPop.turn;
    const fresh = await repo.popCaller(call.id, call.remote, defaultRegionOf(get()), { useCard: false }).catch(() => undefined);
    if (recorded !== 'panel' || !screenPop.isCurrent(turn)) return;
    const context = fresh?.context ?? null;
    if (context !== null && context.customer.id === get().customerContext?.customer.id) set({ customerContext: context });
    else await reload();
  }

  return {
    contextStatus: 'idle',
    contextCall: null,
    customerContext: null,
    contextCandidates: [],
    contextProblem: null,

    contextCallChanged(call) {
      // The call being popped changed before its panel showed: the pop will show this state.
      const amended = call.state !== 'ended' && screenPop.amend((patch) => (patch.contextCall?.id === call.id ? { ...patch, contextCall: call } : null));
      if (amended) return;
      screenPop.commitLoading();
      const shown = get().contextCall;
      if (shown?.id === call.id) set({ contextCall: call });
      if (call.state === 'ended') {
        void finish(call);
        return;
      }
      if (shown?.id === call.id || !isPoppable(call)) return;
      // Nothing to save first (the usual case): the reads start in this very task.
      const saving = get().saveWaitingCallNote();
      if (saving === null) void pop(call, true);
      else void saving.then(() => pop(call, true));
    },

    async contextSnapshot({ calls, ended, recorded }) {
      // Calls that ended while no window was open still get their note and code recorded.
      if (repo) void guarded('save', () => repo.finishAbandonedDrafts(calls.filter((call) => call.state !== 'ended').map((call) => call.id)));
      // The panel's call ended while this window was away: the panel shows it ended, for the wrap-up.
      const shown = get().contextCall;
      const end = ended.find((call) => call.id === shown?.id);
      if (end !== undefined && shown?.state !== 'ended') set({ contextCall: end });
      const chosen = callToPopAfterRead(calls, get().contextCall);
      if (chosen !== undefined) {
        await get().saveWaitingCallNote();
        await pop(chosen, true);
      }
      // After the live call's pop: the ends this read logged, each once (the log said which), get their history
      // with main's outcome, and the panel's call its note, as hang-up writes them.
      await Promise.all(recorded.map(finish));
    },

    async closeContext() {
      screenPop.commitLoading();
      await get().saveWaitingCallNote();
      set({
        ...screenPop.close(),
        contextCall: null,
        customerContext: null,
        contextCandidates: [],
        callNote: null,
        customerSearch: NO_SEARCH,
        contextProblem: null,
      });
    },

    async openCustomer(customerId) {
      const turn = screenPop.begin();
      const call = get().contextCall;
      set({ contextStatus: screenPop.status, customerContext: null });
      const shown = await showCustomer(customerId, turn);
      if (shown && call !== null && repo) await guarded('save', () => repo.assignCall(call.id, customerId));
    },

    async linkCallerToCustomer(customerId) {
      screenPop.commitLoading();
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
      screenPop.commitLoading();
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

    async addCustomerNote(text, important = false) {
      const customerId = get().customerContext?.customer.id;
      if (!repo || customerId === undefined || text.trim() === '') return false;
      const note = await guarded('save', () => repo.addNote(customerId, text, important));
      if (note === undefined) return false;
      await reload();
      return true;
    },

    reloadContext: reload,

    commitPendingPop() {
      screenPop.commitLoading();
    },

    afterScreenPop: () => deps.popQuiet?.whenQuiet() ?? Promise.resolve(),

    async refreshProfiles() {
      const context = get().customerContext;
      const accountId = profileAccountOf(get());
      if (!repo || context === null || accountId === null) return;
      const turn = screenPop.turn;
      const verified = context.identities.filter((identity) => identity.verified && identity.kind === 'bluesky');
      await Promise.all(
        verified.map(async (identity) => {
          const result = await callTandem(deps.api, (api) => api.getSocialProfile({ accountId, actor: identity.did ?? identity.value }));
          if (!result.ok) return;
          const updated = await guarded('profile', () => repo.updateProfile(identity.id, result.value));
          if (updated == null || !screenPop.isCurrent(turn)) return;
          set((state) =>
            state.customerContext?.customer.id === updated.customerId
              ? {
                  customerContext: {
                    ...state.customerContext,
                    identities: state.customerContext.identities.map((known) => (known.id === updated.id ? updated : known)),
                  },
                }
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

    dismissContextProblem() {
      set({ contextProblem: null });
    },
  };
};
