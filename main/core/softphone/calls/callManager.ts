import { SessionState, UserAgent, type Invitation, type Inviter, type Session, type URI } from 'sip.js';
import type { CallInfo, Party, TransferRequest } from '@tandem/contract';
import { ContractFailure } from '../../contract/contractFailure';
import type { Logger } from '../../log/logger';
import type { Clock } from '../../time/clock';
import type { BridgeDescriptionOptions } from '../media/bridgeSessionDescriptionHandler';
import type { MediaBroker } from '../media/mediaBroker';
import type { CallControls } from '../softphoneService';
import { Call, illegalState, inviterTo, NO_LINKS, type CallLinks } from './call';
import { outcomeOfStatus } from './callMachine';
import { normaliseDialTarget, type DialTarget } from './dialTarget';
import { EndedCalls } from './endedCalls';
import { guardWith, type Guard } from './guard';
import { partyFrom } from './party';
import { DEFAULT_TRANSFER_RULES, type TransferRules } from './referPolicy';
import { Renegotiation } from './renegotiation';
import type { StandbyMedia } from './standbyMedia';
import { Transferee } from './transferee';
import { completeAttendedTransfer, referAndHangUp, type TransferorDeps } from './transferor';

export interface CallManagerOptions {
  readonly userAgent: () => UserAgent;
  readonly broker: MediaBroker;
  readonly clock: Clock;
  readonly log: Logger;
  readonly defaultRegion: string;
  /** Domain of the agent's SIP URI: phone numbers are dialled as sip:+E164@domain. */
  readonly domain: string;
  /** What counts as an extension on that domain (dialTarget.ts; default 2–6 digits). */
  readonly extensionPattern?: RegExp;
  readonly onCall: (info: CallInfo) => void;
  /** How long a transfer may wait for its final NOTIFY (RFC 3515 §2.4.5). */
  readonly transferTimeoutMs?: number;
  readonly random?: () => number;
  /** The connection kept ready for the next outbound call; its owner warms and drops it with the line's registration. */
  readonly standby: StandbyMedia;
  /** Who may transfer the agent's calls with a REFER (referPolicy.ts); default: ask for our extensions, nothing else. */
  readonly transferRules?: TransferRules;
  /** A transfer the agent is asked about, and later how it was settled. */
  readonly onTransferRequest?: (request: TransferRequest) => void;
  /** How long the agent has to answer a transfer request before it is declined. */
  readonly transferConsentMs?: number;
}

/**
 * The registry of the agent's calls, outgoing (Inviter) and incoming (Invitation), and the controls on them.
 * Each `Call` holds its own state; re-INVITEs (reinvite.ts, one at a time per call: renegotiation.ts), transfers
 * either way (transferor.ts, transferee.ts), the standby connection (standbyMedia.ts) and the calls that ended lately
 * (endedCalls.ts) live beside it.
 * State changes go out through `onCall` as CallInfo.
 */
export class CallManager implements CallControls {
  readonly #calls = new Map<string, Call>();
  readonly ended = new EndedCalls();
  readonly #bySession = new WeakMap<Session, Call>();
  readonly #options: CallManagerOptions;
  readonly #guard: Guard;
  readonly #standby: StandbyMedia;
  readonly #transferee: Transferee;
  /** Main's re-INVITEs on each call, one at a time (renegotiation.ts); the media bridge reports lost answers to it. */
  readonly renegotiation: Renegotiation;
  readonly #transferorDeps: TransferorDeps;

  constructor(options: CallManagerOptions) {
    this.#options = options;
    const { clock, log, domain, defaultRegion } = options;
    this.#guard = guardWith(log);
    this.#standby = options.standby;
    const hangup = (callId: string): Promise<void> => this.hangup(callId);
    this.#transferee = new Transferee({
      userAgent: options.userAgent,
      clock,
      log,
      guard: this.#guard,
      defaultRegion,
      rules: options.transferRules ?? { domain, defaultRegion, ...DEFAULT_TRANSFER_RULES },
      ...(options.onTransferRequest === undefined ? {} : { onTransferRequest: options.onTransferRequest }),
      ...(options.transferConsentMs === undefined ? {} : { consentMs: options.transferConsentMs }),
      startOutbound: (inviter, remote, onEstablished) => void this.#startOutbound(inviter, remote, NO_LINKS, onEstablished),
      hangup,
    });
    this.renegotiation = new Renegotiation({ clock, log, random: options.random ?? Math.random, callOf: (id) => this.#calls.get(id) });
    this.#transferorDeps = { clock, guard: this.#guard, hangup, ...(options.transferTimeoutMs === undefined ? {} : { timeoutMs: options.transferTimeoutMs }) };
  }

  /** For the SDH factory: the contract call id of a sip.js session. */
  callIdOf = (session: Session): string => this.#bySession.get(session)?.id ?? session.id;

  list(): CallInfo[] {
    return [...this.#calls.values()].map((call) => call.info());
  }

  /** The transfer questions the agent has not answered yet, one per call at most. */
  transferRequests(): TransferRequest[] {
    return [...this.#calls.values()].flatMap((call) => (call.transferRequest === null ? [] : [call.transferRequest.info]));
  }

  // --- outgoing -----------------------------------------------------------------

  dial(target: string, conversationId: string | null = null): Promise<{ callId: string }> {
    return Promise.resolve().then(() => this.#dial(target, { consultFor: null, conversationId }));
  }

  #dial(target: string, links: CallLinks): { callId: string } {
    const { uri, normalised } = this.#dialTarget(target);
    const ua = this.#options.userAgent();
    if (!ua.transport.isConnected()) throw new ContractFailure('unavailable', 'softphone.errors.transport');
    const remote: Party = { uri: normalised.uri, displayName: '', number: normalised.number };
    const call = this.#startOutbound(inviterTo(ua, uri), remote, links, undefined, this.#standby.take());
    return { callId: call.id };
  }

  /** What the agent typed, as a URI to dial or REFER to; a ContractFailure when it is no number or address. */
  #dialTarget(target: string): { uri: URI; normalised: DialTarget } {
    const normalised = normaliseDialTarget(target, this.#options.defaultRegion, this.#options.domain, this.#options.extensionPattern);
    const uri = normalised === undefined ? undefined : UserAgent.makeURI(normalised.uri);
    if (normalised === undefined || uri === undefined) throw new ContractFailure('rejected', 'softphone.errors.badNumber');
    return { uri, normalised };
  }

  /** Tracks an Inviter as a call and sends its INVITE. */
  #startOutbound(inviter: Inviter, remote: Party, links: CallLinks, onEstablished?: () => void, id?: string): Call {
    const call = this.#track(inviter, 'outbound', 'dialing', remote, links, id);
    inviter
      .invite({
        requestDelegate: {
          onProgress: (response) =>
            this.#guard('progress', () => {
              const code = response.message.statusCode ?? 0;
              if ((code === 180 || code === 183) && call.machine.is('dialing')) {
                call.machine.transition('ringing');
              }
            }),
          onAccept: () =>
            this.#guard('accept', () => {
              this.#established(call);
              onEstablished?.();
            }),
          onReject: (response) =>
            this.#guard('reject', () => {
              call.pendingEnd ??= outcomeOfStatus(response.message.statusCode ?? 0);
            }),
        },
      })
      .catch((error: unknown) => {
        this.#options.log.warn('softphone: INVITE could not be sent', { callId: call.id, error: String(error) });
        call.pendingEnd ??= { outcome: 'failed', reasonKey: 'softphone.errors.media' };
        call.forceEnd(() => this.#terminated(call));
      });
    return call;
  }

  /** The agent's answer to a transfer request (`softphone:transferRequest`). */
  answerTransferRequest(callId: string, requestId: string, accept: boolean): Promise<void> {
    return Promise.resolve().then(() => this.#transferee.answer(this.#get(callId), requestId, accept));
  }

  // --- incoming -----------------------------------------------------------------

  /** The UserAgent delegate's onInvite. Never throws: a hostile INVITE costs one 500, not main. */
  incoming(invitation: Invitation): void {
    this.#guard(
      'incoming',
      () => {
        const identity = invitation.remoteIdentity;
        const remote = partyFrom(identity.uri.toString(), identity.uri.user, identity.displayName, this.#options.defaultRegion);
        // Not the standby connection: a ringing call has time to make its own, and one `prepare` per call keeps
        // the engine's view simple (the standby stays for an outbound call placed while this one rings).
        const call = this.#track(invitation, 'inbound', 'ringing', remote, NO_LINKS);
        // Start getUserMedia and ICE gathering, and make the answer to the offer, while it rings: answering then costs little.
        this.#prepare(call);
        // INVITE with Replaces (RFC 3891): we are the target of an attended transfer and
        // sip.js matched one of our confirmed dialogs (else it answered 481 itself).
        const replaced = invitation.replacee === undefined ? undefined : this.#bySession.get(invitation.replacee);
        if (replaced !== undefined) this.#acceptReplacement(call, replaced);
      },
      () => void invitation.reject({ statusCode: 500 }).catch(() => undefined),
    );
  }

  /**
   * RFC 3891 §3: the new dialog takes the place of one the agent is already
   * talking on, so it is accepted without ringing; sip.js BYEs the replaced
   * dialog once our 200 is sent, and that call ends as transferred.
   */
  #acceptReplacement(call: Call, replaced: Call): void {
    if (!replaced.machine.live) {
      // RFC 3891 §3: only a confirmed dialog may be replaced here (no early-dialog pickup).
      call.pendingEnd = { outcome: 'rejected', reasonKey: null };
      call.machine.transition('ending');
      void (call.session as Invitation).reject({ statusCode: 481 }).catch(() => undefined);
      return;
    }
    replaced.pendingEnd ??= { outcome: 'transferred', reasonKey: null };
    this.#options.log.info('softphone: INVITE with Replaces accepted', { callId: call.id, replaces: replaced.id });
    void this.#accept(call, new Set([replaced])).catch(() => undefined);
  }

  async answer(callId: string): Promise<void> {
    const call = this.#get(callId);
    if (call.direction !== 'inbound' || !call.machine.is('ringing')) throw illegalState(`answer in ${call.machine.state}`);
    await this.#accept(call, new Set());
  }

  /**
   * 200 to an Invitation. Call waiting: every other call we are talking on goes
   * on hold first (RFC 3264 §8.4); if that fails, this call keeps ringing and
   * the failure goes back to the agent.
   */
  async #accept(call: Call, keep: ReadonlySet<Call>): Promise<void> {
    await this.#holdOthers(call, keep);
    // The caller may have given up (CANCEL) while the hold re-INVITE was under way.
    if (!call.machine.is('ringing')) throw illegalState(`answer in ${call.machine.state}`);
    call.machine.transition('connecting');
    const hold: BridgeDescriptionOptions = { hold: false };
    try {
      await (call.session as Invitation).accept({ sessionDescriptionHandlerOptions: hold });
    } catch (error: unknown) {
      this.#options.log.warn('softphone: answer failed', { callId: call.id, error: String(error) });
      call.pendingEnd ??= { outcome: 'failed', reasonKey: 'softphone.errors.media' };
      call.forceEnd(() => this.#terminated(call));
      throw new ContractFailure('unavailable', 'softphone.errors.media');
    }
  }

  /** Holds every active call but `call` (and those in `keep`): one line talks at a time. */
  async #holdOthers(call: Call, keep: ReadonlySet<Call> = new Set()): Promise<void> {
    for (const other of [...this.#calls.values()]) {
      if (other !== call && !keep.has(other) && other.machine.is('active')) await this.hold(other.id);
    }
  }

  async decline(callId: string): Promise<void> {
    await this.#get(callId).decline();
  }

  async hangup(callId: string): Promise<void> {
    await this.#get(callId).hangUp();
  }

  // --- mid-call -----------------------------------------------------------------

  async hold(callId: string): Promise<void> {
    const call = this.#get(callId);
    if (!call.machine.is('active')) throw illegalState(`hold in ${call.machine.state}`);
    await this.renegotiation.change(call, true, () => {
      if (call.machine.is('active')) call.confirmHold(this.#options.clock.now());
    });
  }

  async resume(callId: string): Promise<void> {
    const call = this.#get(callId);
    if (!call.machine.is('held')) throw illegalState(`resume in ${call.machine.state}`);
    // Swapping lines: the call we talk on goes on hold before this one comes back.
    await this.#holdOthers(call);
    await this.renegotiation.change(call, false, () => {
      if (call.machine.is('held')) call.confirmResume();
    });
  }

  async setMuted(callId: string, muted: boolean): Promise<void> {
    const call = this.#get(callId);
    if (!call.machine.is('connecting', 'active', 'held')) throw illegalState(`mute in ${call.machine.state}`);
    try {
      await this.#options.broker.request(call.id, { op: 'mute', muted });
    } catch (error: unknown) {
      throw new ContractFailure('unavailable', 'softphone.errors.media', String(error));
    }
    call.muted = muted;
    this.#emit(call);
  }

  /** RFC 4733 through the media engine; SIP INFO (application/dtmf-relay) when it cannot. */
  async sendDtmf(callId: string, tones: string): Promise<void> {
    const call = this.#get(callId);
    if (!call.machine.is('active', 'held')) throw illegalState(`dtmf in ${call.machine.state}`);
    try {
      await this.#options.broker.request(call.id, { op: 'dtmf', tones });
      return;
    } catch (error: unknown) {
      this.#options.log.info('softphone: RFC 4733 DTMF unavailable, falling back to SIP INFO', { callId, error: String(error) });
    }
    await call.sendInfoDtmf(tones);
  }

  // --- transfer -----------------------------------------------------------------

  /** Blind transfer (RFC 3515): REFER, then hang up only after the final NOTIFY says 2xx. */
  async blindTransfer(callId: string, target: string): Promise<void> {
    const call = this.#get(callId);
    if (!call.machine.is('active', 'held')) throw illegalState(`transfer in ${call.machine.state}`);
    const { uri } = this.#dialTarget(target);
    await referAndHangUp(call, uri, this.#transferorDeps);
  }

  /** Attended transfer, step 1: hold this call and dial the consultation leg. */
  async consult(callId: string, target: string): Promise<{ callId: string }> {
    const call = this.#get(callId);
    if (!call.machine.is('active', 'held')) throw illegalState(`consult in ${call.machine.state}`);
    if (call.machine.is('active')) await this.hold(callId);
    return this.#dial(target, { consultFor: callId, conversationId: null });
  }

  /** Attended transfer, step 2 (transferor.ts): REFER with Replaces to the consulted party. */
  async completeTransfer(callId: string, consultCallId: string): Promise<void> {
    await completeAttendedTransfer(this.#get(callId), this.#get(consultCallId), this.#transferorDeps);
  }

  // --- recovery -----------------------------------------------------------------

  /**
   * Renegotiate every live call: after a renderer reload the new media engine has no peer connection (it answers
   * getDescription with a fresh offer); after a transport reconnect the addresses may have changed (ICE restart).
   * `held` ('media-restarted' only): the calls and standby whose media a window still holds, left as they are.
   */
  async renegotiateAll(reason: 'media-restarted' | 'transport-restored', held: (callId: string) => boolean = () => false): Promise<void> {
    const iceRestart = reason === 'transport-restored';
    const live = [...this.#calls.values()].filter((call) => call.machine.live && !held(call.id));
    for (const call of this.#calls.values()) {
      if (reason === 'media-restarted' && call.prepared && call.machine.is('ringing') && !held(call.id)) this.#prepare(call);
    }
    if (reason === 'media-restarted' && !held(this.#standby.id ?? '')) this.#standby.reprepare();
    // Each waits for a hold or resume still out on its call, and logs its own failure.
    await Promise.all(live.map((call) => this.renegotiation.restore(call, iceRestart)));
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.#calls.keys()].map((id) => this.hangup(id).catch(() => undefined)));
  }

  // --- internals -----------------------------------------------------------------

  #track(session: Session, direction: Call['direction'], initial: 'dialing' | 'ringing', remote: Party, links: CallLinks, id?: string): Call {
    const call = new Call({ session, direction, initial, remote, ...links, startedAt: this.#options.clock.now(), ...(id === undefined ? {} : { id }) });
    this.#calls.set(call.id, call);
    this.#bySession.set(session, call);
    // Without a delegate sip.js would follow a REFER on its own, with a session we do not track.
    session.delegate = {
      ...session.delegate,
      onAck: () => call.ackArrived(),
      onRefer: (referral) => this.#guard('refer', () => this.#transferee.refer(call, referral)),
    };
    call.machine.onStateChange(() => this.#emit(call));
    session.stateChange.addListener((state) =>
      this.#guard('session state', () => {
        if (state === SessionState.Established) this.#established(call);
        // sip.js reports Terminated before it hands the final response to our
        // requestDelegate (inviter.ts onReject): let that response set the outcome first.
        else if (state === SessionState.Terminated) queueMicrotask(() => this.#guard('terminated', () => this.#terminated(call)));
      }),
    );
    this.#emit(call);
    return call;
  }

  #established(call: Call): void {
    if (!call.machine.is('dialing', 'ringing', 'connecting')) return;
    call.answeredAt ??= this.#options.clock.now();
    call.machine.transition('active');
    this.#standby.rewarm();
    this.renegotiation.established(call);
  }

  /**
   * `prepare` for a ringing call, with the INVITE's offer when it has one: the engine applies it and makes the answer now, so `accept`
   * (setDescription of the same offer, then getDescription) finds it ready. Every prepared call is closed in the engine if it ends without
   * an SDH (declined, cancelled, missed).
   */
  #prepare(call: Call): void {
    call.prepared = true;
    const sdp = call.inviteOffer();
    this.#options.broker.notify(call.id, sdp === undefined ? { op: 'prepare' } : { op: 'prepare', sdp });
  }

  #terminated(call: Call): void {
    if (call.machine.is('ended')) return;
    const end = call.endOnTermination();
    call.endedAt = this.#options.clock.now();
    call.ackArrived();
    this.#transferee.withdraw(call);
    if (call.prepared && call.session.sessionDescriptionHandler === undefined) {
      // The engine prepared media for a call that never got an SDH (missed, declined).
      this.#options.broker.notify(call.id, { op: 'close' });
    }
    this.#calls.delete(call.id);
    call.machine.finish(end);
    this.ended.add(call.info());
    this.#standby.rewarm();
  }

  #get(callId: string): Call {
    const call = this.#calls.get(callId);
    if (call === undefined) throw new ContractFailure('rejected', 'softphone.errors.noSuchCall');
    return call;
  }

  #emit(call: Call): void {
    this.#guard('emit', () => this.#options.onCall(call.info()));
  }
}
