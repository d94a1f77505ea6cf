import type { CallInfo, ContractError, Result, TandemApi, TransferRequest } from '@tandem/contract';
import { createHeardWhileAsking } from '../store/heardWhileAsking';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from '../store/store';

/** A call that ended badly, kept until the agent dismisses it or dials again. */
export interface EndedNotice {
  readonly callId: string;
  readonly outcome: 'busy' | 'failed' | 'rejected';
  /** main's i18n key (`softphone.errors.*`), translated only if it is one of ours. */
  readonly reasonKey: string | null;
}

/** What a (re)read of main's softphone state found. */
export interface SoftphoneLoad {
  /** The live calls as the window now shows them (the ringtone resyncs from them). */
  readonly calls: readonly CallInfo[];
  /** Main's lately ended calls that no event told of while the read was out: a panel still on one of them is stale. */
  readonly ended: readonly CallInfo[];
  /** Those of them the call log lacked, written by this read: their end was never recorded here, and the history follows once. */
  readonly recorded: readonly CallInfo[];
  /** Every call id whose media main holds in the reply (its live calls, the standby connection): the page's media engine releases the rest. */
  readonly mediaHeld: ReadonlySet<string>;
}

/**
 * The softphone's calls as the renderer mirrors them. main owns the truth and
 * sends every change as a `softphone:call` event (the last one for an id
 * wins); actions only ask main, and their failures are kept as data next to
 * the call they concern.
 */
export interface SoftphoneSlice {
  /** The number or SIP URI a tel:/sip: link asked for, as main received it. */
  pendingDial: string | null;
  /** What is in the dial box (links and recent calls fill it too). */
  dialDraft: string;
  dialBusy: boolean;
  dialError: ContractError | null;
  /** Live calls (ended ones leave the list and land in the call log). */
  calls: readonly CallInfo[];
  /** The last failed action per call. */
  callErrors: Readonly<Record<string, ContractError>>;
  /** Transfers the far end asked for that wait for the agent's answer, by call id. */
  transferRequests: Readonly<Record<string, TransferRequest>>;
  endedNotice: EndedNotice | null;
  /** Whether the startup snapshot has been applied (until then the calls list is unknown, not empty). */
  softphoneLoaded: boolean;

  readonly dialRequested: (target: string) => void;
  readonly clearPendingDial: () => void;
  readonly takePendingDial: () => Promise<void>;
  readonly setDialDraft: (text: string) => void;
  /** Dials what is in the dial box; `conversationId`: the social conversation the call is placed from (its records point to it). */
  readonly dial: (conversationId?: string) => Promise<void>;
  readonly callChanged: (call: CallInfo) => void;
  readonly transferRequestChanged: (request: TransferRequest) => void;
  readonly answerTransferRequest: (callId: string, requestId: string, accept: boolean) => Promise<boolean>;
  /** Applies `getSoftphoneState` and logs the ended calls this desk never recorded; null when main could not be read. */
  readonly loadSoftphoneState: () => Promise<SoftphoneLoad | null>;
  readonly answer: (callId: string) => Promise<boolean>;
  readonly decline: (callId: string) => Promise<boolean>;
  readonly hangup: (callId: string) => Promise<boolean>;
  readonly hold: (callId: string) => Promise<boolean>;
  readonly resume: (callId: string) => Promise<boolean>;
  readonly setMuted: (callId: string, muted: boolean) => Promise<boolean>;
  readonly sendDtmf: (callId: string, tones: string) => Promise<boolean>;
  readonly blindTransfer: (callId: string, target: string) => Promise<boolean>;
  readonly consult: (callId: string, target: string) => Promise<boolean>;
  readonly completeTransfer: (callId: string, consultCallId: string) => Promise<boolean>;
  readonly dismissCallError: (callId: string) => void;
  readonly dismissEndedNotice: () => void;
}

/** Ringing inbound calls first (newest on top: that is the one to pick up), then the rest oldest first. */
function ordered(calls: readonly CallInfo[]): CallInfo[] {
  const ringing = (call: CallInfo) => call.direction === 'inbound' && call.state === 'ringing';
  return [...calls].sort((a, b) => {
    if (ringing(a) !== ringing(b)) return ringing(a) ? -1 : 1;
    return ringing(a) ? b.startedAt - a.startedAt : a.startedAt - b.startedAt;
  });
}

const failedActionNotice = (callId: string, error: ContractError | undefined): EndedNotice | null =>
  error === undefined ? null : { callId, outcome: 'failed', reasonKey: error.messageKey };

const withoutKey = <V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> => {
  const { [key]: _removed, ...rest } = record;
  return rest;
};

/** The calls' state without one call: its row, its last action's error and its transfer question. */
const withoutCall = (state: Pick<SoftphoneSlice, 'calls' | 'callErrors' | 'transferRequests'>, callId: string) => ({
  calls: state.calls.filter((known) => known.id !== callId),
  callErrors: withoutKey(state.callErrors, callId),
  transferRequests: withoutKey(state.transferRequests, callId),
});

/** A call that ended for a reason the agent should read: busy, rejected, failed, or anything main explained. */
function noticeOf(call: CallInfo): EndedNotice | null {
  if (call.outcome === 'busy' || call.outcome === 'failed' || call.outcome === 'rejected') {
    return { callId: call.id, outcome: call.outcome, reasonKey: call.reasonKey };
  }
  return call.reasonKey === null ? null : { callId: call.id, outcome: 'failed', reasonKey: call.reasonKey };
}

export const createSoftphoneSlice: SliceCreator<SoftphoneSlice> = (deps) => (set, get) => {
  /** Calls and transfer questions an event told of while a snapshot request was out: newer than its reply. */
  const events = createHeardWhileAsking(['calls', 'requests']);

  async function act(callId: string, call: (api: TandemApi) => Promise<Result<unknown>>): Promise<boolean> {
    const result = await callTandem(deps.api, call);
    if (result.ok) {
      if (Object.hasOwn(get().callErrors, callId)) set((state) => ({ callErrors: withoutKey(state.callErrors, callId) }));
      return true;
    }
    set((state) => ({ callErrors: { ...state.callErrors, [callId]: result.error } }));
    return false;
  }

  /** A call's end reaches the window: its row leaves. */
  function leave(call: CallInfo) {
    set((state) => ({
      ...withoutCall(state, call.id),
      // A call that ended because an action on it failed (an answer whose media could not start)
      // keeps that action's reason on screen: the call's row, where it was shown, is gone.
      endedNotice: noticeOf(call) ?? failedActionNotice(call.id, state.callErrors[call.id]) ?? state.endedNotice,
    }));
  }

  function apply(call: CallInfo) {
    if (call.state === 'ended') {
      leave(call);
      void get().recordCall(call);
      return;
    }
    set((state) => ({ calls: ordered([...state.calls.filter((known) => known.id !== call.id), call]) }));
  }

  return {
    pendingDial: null,
    dialDraft: '',
    dialBusy: false,
    dialError: null,
    calls: [],
    callErrors: {},
    transferRequests: {},
    endedNotice: null,
    softphoneLoaded: false,

    dialRequested(target) {
      set({ pendingDial: target, dialDraft: target, dialError: null });
    },
    clearPendingDial() {
      set({ pendingDial: null });
    },
    async takePendingDial() {
      const result = await callTandem(deps.api, (api) => api.takePendingDial({}));
      if (!result.ok) return get().reportProblem('takePendingDial', result.error);
      // The most recent link wins; a `dial:requested` that arrived meanwhile is newer still.
      const latest = result.value.at(-1);
      if (latest !== undefined && get().pendingDial === null) get().dialRequested(latest.target);
    },
    setDialDraft(dialDraft) {
      set({ dialDraft, dialError: null });
    },
    async dial(conversationId) {
      const target = get().dialDraft.trim();
      if (target === '' || get().dialBusy) return;
      set({ dialBusy: true, dialError: null, endedNotice: null });
      const result = await callTandem(deps.api, (api) => api.dial(conversationId === undefined ? { target } : { target, conversationId }));
      if (result.ok) set({ dialBusy: false, dialDraft: '', pendingDial: null });
      else set({ dialBusy: false, dialError: result.error });
    },
    callChanged(call) {
      events.heard('calls', call.id);
      apply(call);
    },
    transferRequestChanged(request) {
      events.heard('requests', request.id);
      // Only an open question is shown; main settles it (answered, timed out, call ended) with a later event.
      if (request.status === 'asking' && get().calls.some((call) => call.id === request.callId)) {
        set((state) => ({ transferRequests: { ...state.transferRequests, [request.callId]: request } }));
      } else if (get().transferRequests[request.callId]?.id === request.id) {
        set((state) => ({ transferRequests: withoutKey(state.transferRequests, request.callId) }));
      }
    },
    answerTransferRequest: (callId, requestId, accept) => act(callId, (api) => api.answerTransferRequest({ callId, requestId, accept })),
    async loadSoftphoneState() {
      const registrationBefore = get().registration;
      const { reply: result, meanwhile: heard } = await events.asking(() => callTandem(deps.api, (api) => api.getSoftphoneState({})));
      if (!result.ok) {
        get().reportProblem('loadSoftphone', result.error);
        return null;
      }
      const { registration, calls, transferRequests, ended, standby } = result.value;
      // Unless an event changed the line while the request was out (it is newer), the snapshot's line is: after
      // a reconnect, the one this window showed is stale.
      if (get().registration === registrationBefore) get().registrationChanged(registration);
      // What an event said meanwhile is newer, and that event recorded the call's end itself.
      const unheardEnds = ended.filter((call) => !heard.calls.has(call.id));
      const endOf = new Map(unheardEnds.map((call) => [call.id, call]));
      // The snapshot is main's every live call. One this window still shows that is not in it ended while
      // nobody listened (a reconnect after the connection dropped, or main restarted). With its end from main it
      // leaves as that end's event would have taken it (a busy line says so); without, its row would only fail.
      const live = new Set(calls.map((call) => call.id));
      for (const call of get().calls) {
        if (live.has(call.id) || heard.calls.has(call.id)) continue;
        const end = endOf.get(call.id);
        if (end === undefined) set((state) => withoutCall(state, call.id));
        else leave(end);
      }
      for (const call of calls) if (!heard.calls.has(call.id)) apply(call);
      // A question asked before this window listened (a reload while main asks); one an event told of meanwhile is newer.
      const asking = new Set(transferRequests.map((request) => request.id));
      for (const [callId, request] of Object.entries(get().transferRequests))
        if (!asking.has(request.id) && !heard.requests.has(request.id)) set((state) => ({ transferRequests: withoutKey(state.transferRequests, callId) }));
      for (const request of transferRequests) if (!heard.requests.has(request.id)) get().transferRequestChanged(request);
      set({ softphoneLoaded: true });
      get().dismissProblem('loadSoftphone');
      // Which ends this desk recorded already (this window before the drop or a reload, or another window)
      // only its call log knows: a reconnect brings main's whole record again, and each call is written once.
      const recorded = await get().recordMissingCalls(unheardEnds);
      const mediaHeld = new Set(calls.map((call) => call.id));
      if (standby !== null) mediaHeld.add(standby);
      return { calls: get().calls, ended: unheardEnds, recorded, mediaHeld };
    },
    answer: (callId) => act(callId, (api) => api.answer({ callId })),
    decline: (callId) => act(callId, (api) => api.decline({ callId })),
    hangup: (callId) => act(callId, (api) => api.hangup({ callId })),
    hold: (callId) => act(callId, (api) => api.hold({ callId })),
    resume: (callId) => act(callId, (api) => api.resume({ callId })),
    setMuted: (callId, muted) => act(callId, (api) => api.setMuted({ callId, muted })),
    sendDtmf: (callId, tones) => act(callId, (api) => api.sendDtmf({ callId, tones })),
    blindTransfer: (callId, target) => act(callId, (api) => api.blindTransfer({ callId, target })),
    consult: (callId, target) => act(callId, (api) => api.consult({ callId, target })),
    completeTransfer: (callId, consultCallId) => act(callId, (api) => api.completeTransfer({ callId, consultCallId })),
    dismissCallError(callId) {
      set((state) => ({ callErrors: withoutKey(state.callErrors, callId) }));
    },
    dismissEndedNotice() {
      set({ endedNotice: null });
    },
  };
};
