import { randomUUID } from 'node:crypto';
import {
  Invitation,
  Inviter,
  RequestPendingError,
  SessionState,
  UserAgent,
  type Core,
  type Notification,
  type Referral,
  type Session,
  URI,
} from 'sip.js';
import type { CallInfo, Party, TransferRequest } from '../../../../preload/contract';
import { ContractFailure } from '../../contract/contractFailure';
import type { Logger } from '../../log/logger';
import type { Clock } from '../../time/clock';
import type { BridgeDescriptionOptions } from '../media/bridgeSessionDescriptionHandler';
import type { MediaBroker } from '../media/mediaBroker';
import { CallMachine, outcomeOfStatus, type CallEnd } from './callMachine';
import { normaliseDialTarget } from './dialTarget';
import { partyFrom } from './party';
import { decideRefer, DEFAULT_TRANSFER_RULES, parseSipAddress, type ReferDecision, type SipAddress, type TransferRules } from './referPolicy';

export interface CallManagerOptions {
  readonly userAgent: () => UserAgent;
  readonly broker: MediaBroker;
  readonly clock: Clock;
  readonly log: Logger;
  readonly defaultRegion: string;
  /** Domain of the agent's SIP URI: phone numbers are dialled as sip:+E164@domain. */
  readonly domain: string;
  readonly onCall: (info: CallInfo) => void;
  /** How long a transfer may wait for its final NOTIFY (RFC 3515 §2.4.5). */
  readonly transferTimeoutMs?: number;
  readonly random?: () => number;
  /** A standby (see `warmStandby`) older than this is replaced: its ICE candidates may be stale. */
  readonly standbyMaxAgeMs?: number;
  /** Who may transfer the agent's calls with a REFER (referPolicy.ts); default: ask for our extensions, nothing else. */
  readonly transferRules?: TransferRules;
  /** A transfer the agent is asked about, and later how it was settled. */
  readonly onTransferRequest?: (request: TransferRequest) => void;
  /** How long the agent has to answer a transfer request before it is declined. */
  readonly transferConsentMs?: number;
}

/**
 * 20 s to answer a transfer request: long enough to read one line, and short
 * enough that the referrer (our own transferor waits 30 s for the final
 * NOTIFY) still hears the outcome, ringing included.
 */
const TRANSFER_CONSENT_MS = 20_000;

/** A REFER the agent is being asked about (one per call at a time). */
interface PendingTransfer {
  readonly info: TransferRequest;
  readonly replaces: string | undefined;
  readonly referredBy: string | undefined;
  readonly timer: unknown;
}

/** The largest SDP the media contract carries (`MediaOperation`). */
const STANDBY_MAX_AGE_MS = 120_000;

interface Call {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  readonly session: Session;
  readonly machine: CallMachine;
  readonly remote: Party;
  readonly startedAt: number;
  readonly consultFor: string | null;
  answeredAt: number | null;
  endedAt: number | null;
  muted: boolean;
  held: boolean;
  /** The outcome our own action chose; applied when sip.js reports Terminated. */
  pendingEnd: CallEnd | null;
  /** `prepare` went to the media engine (so it must hear `close` even if no SDH was made). */
  prepared: boolean;
  /** Resolves once the far end's ACK to our 2xx arrived (at once for outbound calls), or the call ended. */
  readonly acked: Promise<void>;
  readonly ackArrived: () => void;
  transferRequest: PendingTransfer | null;
}

type IncomingResponse = Core.IncomingResponse;

const illegalState = (detail: string): ContractFailure => new ContractFailure('rejected', 'softphone.errors.illegalState', detail);

/**
 * Every call of the agent: outgoing (Inviter) and incoming (Invitation), and
 * the controls on them. State changes go out through `onCall` as CallInfo.
 */
export class CallManager {
  readonly #calls = new Map<string, Call>();
  readonly #bySession = new WeakMap<Session, Call>();
  readonly #options: CallManagerOptions;
  readonly #random: () => number;
  /**
   * The media engine's connection for the next outbound call, made ahead (ICE
   * candidates gathered, no microphone): `dial` takes its id as the new call's id.
   */
  #standby: { readonly id: string; readonly timer: unknown } | null = null;
  /** Whether a standby should be kept (the line is registered). */
  #standbyWanted = false;

  constructor(options: CallManagerOptions) {
    this.#options = options;
    this.#random = options.random ?? Math.random;
  }

  /** For the SDH factory: the contract call id of a sip.js session. */
  callIdOf = (session: Session): string => this.#bySession.get(session)?.id ?? session.id;

  list(): CallInfo[] {
    return [...this.#calls.values()].map((call) => this.#info(call));
  }

  // --- outgoing -----------------------------------------------------------------

  dial(target: string, consultFor: string | null = null): { callId: string } {
    const { defaultRegion, domain } = this.#options;
    const normalised = normaliseDialTarget(target, defaultRegion, domain);
    const uri = normalised === undefined ? undefined : UserAgent.makeURI(normalised.uri);
    if (normalised === undefined || uri === undefined) throw new ContractFailure('rejected', 'softphone.errors.badNumber');
    const ua = this.#options.userAgent();
    if (!ua.transport.isConnected()) throw new ContractFailure('unavailable', 'softphone.errors.transport');
    const hold: BridgeDescriptionOptions = { hold: false };
    const inviter = new Inviter(ua, uri, { sessionDescriptionHandlerOptions: hold, sessionDescriptionHandlerOptionsReInvite: hold });
    const call = this.#startOutbound(inviter, { uri: normalised.uri, displayName: '', number: normalised.number }, consultFor, undefined, this.#takeStandby());
    return { callId: call.id };
  }

  /** Tracks an Inviter as a call and sends its INVITE. */
  #startOutbound(inviter: Inviter, remote: Party, consultFor: string | null, onEstablished?: () => void, id?: string): Call {
    const call = this.#track(inviter, 'outbound', 'dialing', remote, consultFor, id);
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
          onReject: (response) => this.#guard('reject', () => this.#rejected(call, response)),
        },
      })
      .catch((error: unknown) => {
        this.#options.log.warn('softphone: INVITE could not be sent', { callId: call.id, error: String(error) });
        call.pendingEnd ??= { outcome: 'failed', reasonKey: 'softphone.errors.media' };
        this.#forceEnd(call);
      });
    return call;
  }

  /**
   * We are the transferee (RFC 3515 §2.4.2, RFC 5589): the far end REFERs us
   * elsewhere, with Replaces in an attended transfer. referPolicy decides:
   * refuse (603, or 400 for a bad Replaces), follow, or ask the agent first.
   * A followed REFER is a new call to the rebuilt target (sip.js reports its
   * progress to the referrer in sipfrag NOTIFYs), and the referred call ends as
   * transferred once the new one is up: the transferor BYEs it, or we do.
   */
  #followReferral(call: Call, referral: Referral): void {
    const decision: ReferDecision = call.machine.live
      ? decideRefer({ referrer: this.#referrerOf(call), target: parseSipAddress(referral.request.getHeader('refer-to') ?? '') }, this.#transferRules)
      : { action: 'refuse', statusCode: 603, reason: 'inactive' };
    if (decision.action === 'refuse') {
      // RFC 3515 §2.4.2 lets the recipient refuse; 603 Decline: we will not call that target from here.
      this.#options.log.info('softphone: REFER refused', { callId: call.id, reason: decision.reason });
      void referral.reject({ statusCode: decision.statusCode }).catch(() => undefined);
      return;
    }
    if (call.transferRequest !== null) {
      // The agent is still being asked about the previous one (RFC 3261 §21.4.27: 491 Request Pending).
      void referral.reject({ statusCode: 491 }).catch(() => undefined);
      return;
    }
    const referredBy = referral.referredBy;
    void referral.accept().catch(() => undefined);
    if (decision.action === 'follow') {
      this.#dialReferral(call, decision.target, decision.replaces, referredBy);
      return;
    }
    // Asking: the REFER is answered 202 now and the agent's answer follows as NOTIFYs. Holding the REFER
    // unanswered while the agent reads would outlast its non-INVITE transaction (Timer F, 32 s; a proxy gives
    // up sooner), and 202 only says "accepted for processing" (RFC 3515 §2.4.2); a refusal then ends the
    // implicit subscription with a final "SIP/2.0 603 Declined" sipfrag (§2.4.4, §2.4.5).
    this.#notifyReferrer(call, 'SIP/2.0 100 Trying', 'active;expires=60');
    const consentMs = this.#options.transferConsentMs ?? TRANSFER_CONSENT_MS;
    const id = randomUUID();
    const info: TransferRequest = { id, callId: call.id, target: decision.target, status: 'asking', expiresAt: this.#options.clock.now() + consentMs };
    const timer = this.#options.clock.setTimeout(() => this.#guard('transfer request timeout', () => this.#settleTransfer(call, id, 'expired')), consentMs);
    call.transferRequest = { info, replaces: decision.replaces, referredBy, timer };
    this.#options.log.info('softphone: REFER needs the agent', { callId: call.id, replaces: decision.replaces !== undefined });
    this.#guard('transfer request', () => this.#options.onTransferRequest?.(info));
  }

  /** The agent's answer to a transfer request (`softphone:transferRequest`). */
  answerTransferRequest(callId: string, requestId: string, accept: boolean): void {
    const call = this.#get(callId);
    if (call.transferRequest?.info.id !== requestId) throw new ContractFailure('rejected', 'softphone.errors.noSuchTransferRequest');
    this.#settleTransfer(call, requestId, accept ? 'accepted' : 'declined');
  }

  #settleTransfer(call: Call, requestId: string, status: Exclude<TransferRequest['status'], 'asking'>): void {
    const pending = call.transferRequest;
    if (pending?.info.id !== requestId) return;
    call.transferRequest = null;
    this.#options.clock.clearTimeout(pending.timer);
    this.#guard('transfer request', () => this.#options.onTransferRequest?.({ ...pending.info, status }));
    if (status === 'accepted' && call.machine.live) this.#dialReferral(call, pending.info.target, pending.replaces, pending.referredBy);
    else if (status !== 'withdrawn') this.#notifyReferrer(call, 'SIP/2.0 603 Declined', 'terminated;reason=noresource');
  }

  /**
   * What sip.js's Referral.makeInviter does, but to the rebuilt target:
   * makeInviter dials the Refer-To with every parameter it carried. Linking the
   * Inviter to the referred session (`_referred`) makes sip.js send our
   * progress to the referrer as sipfrag NOTIFYs (Inviter.notifyReferer).
   */
  #dialReferral(call: Call, target: string, replaces: string | undefined, referredBy: string | undefined): void {
    const uri = UserAgent.makeURI(target);
    if (uri === undefined) {
      this.#notifyReferrer(call, 'SIP/2.0 400 Bad Request', 'terminated;reason=noresource');
      return;
    }
    const extraHeaders = [...(replaces === undefined ? [] : [`Replaces: ${replaces}`]), ...(referredBy === undefined ? [] : [`Referred-By: ${referredBy}`])];
    const hold: BridgeDescriptionOptions = { hold: false };
    const inviter = new Inviter(this.#options.userAgent(), uri, { extraHeaders, sessionDescriptionHandlerOptions: hold, sessionDescriptionHandlerOptionsReInvite: hold });
    inviter._referred = call.session;
    this.#options.log.info('softphone: following a REFER', { callId: call.id, replaces: replaces !== undefined });
    const remote = partyFrom(target, uri.user, undefined, this.#options.defaultRegion);
    this.#startOutbound(inviter, remote, null, () => {
      call.pendingEnd ??= { outcome: 'transferred', reasonKey: null };
      this.#options.clock.setTimeout(() => {
        if (call.machine.live) void this.hangup(call.id).catch(() => undefined);
      }, 3000);
    });
  }

  /** A sipfrag NOTIFY in the REFER's implicit subscription (RFC 3515 §2.4.4). */
  #notifyReferrer(call: Call, sipfrag: string, subscriptionState: string): void {
    call.session.dialog?.notify(undefined, {
      extraHeaders: ['Event: refer', `Subscription-State: ${subscriptionState}`],
      body: { contentDisposition: 'render', contentType: 'message/sipfrag', content: sipfrag },
    });
  }

  /** The far end as its own header named it: the INVITE's From on a call we received, the address we dialled otherwise. */
  #referrerOf(call: Call): SipAddress | undefined {
    const header = call.session instanceof Invitation ? call.session.request.getHeader('from') : call.session instanceof Inviter ? call.session.request.getHeader('to') : undefined;
    return header === undefined ? undefined : parseSipAddress(header);
  }

  get #transferRules(): TransferRules {
    const { transferRules, domain, defaultRegion } = this.#options;
    return transferRules ?? { domain, defaultRegion, ...DEFAULT_TRANSFER_RULES };
  }

  // --- incoming -----------------------------------------------------------------

  /** The UserAgent delegate's onInvite. Never throws: a hostile INVITE costs one 500, not main. */
  incoming(invitation: Invitation): void {
    this.#guard('incoming', () => {
      const identity = invitation.remoteIdentity;
      const remote = partyFrom(identity.uri.toString(), identity.uri.user, identity.displayName, this.#options.defaultRegion);
      // Not the standby connection: a ringing call has time to make its own, and one `prepare` per call keeps
      // the engine's view simple (the standby stays for an outbound call placed while this one rings).
      const call = this.#track(invitation, 'inbound', 'ringing', remote, null);
      // Start getUserMedia and ICE gathering, and make the answer to the offer, while it rings: answering then costs little.
      this.#prepare(call);
      // INVITE with Replaces (RFC 3891): we are the target of an attended transfer and
      // sip.js matched one of our confirmed dialogs (else it answered 481 itself).
      const replaced = invitation.replacee === undefined ? undefined : this.#bySession.get(invitation.replacee);
      if (replaced !== undefined) this.#acceptReplacement(call, replaced);
    }, () => void invitation.reject({ statusCode: 500 }).catch(() => undefined));
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
      this.#forceEnd(call);
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
    const call = this.#get(callId);
    if (call.direction !== 'inbound' || !call.machine.is('ringing')) throw illegalState(`decline in ${call.machine.state}`);
    call.pendingEnd = { outcome: 'declined', reasonKey: null };
    call.machine.transition('ending');
    // 486 Busy Here: "not willing to take the call at this end system" (RFC 3261 §21.4.24).
    await (call.session as Invitation).reject({ statusCode: 486 });
  }

  // --- ending -----------------------------------------------------------------

  async hangup(callId: string): Promise<void> {
    const call = this.#get(callId);
    const session = call.session;
    if (call.machine.is('ending')) return;
    if (call.direction === 'inbound' && call.machine.is('ringing')) {
      await this.decline(callId);
      return;
    }
    if (session.state === SessionState.Established) {
      call.pendingEnd ??= { outcome: 'answered', reasonKey: null };
      call.machine.transition('ending');
      await session.bye();
      return;
    }
    if (session instanceof Inviter && (session.state === SessionState.Initial || session.state === SessionState.Establishing)) {
      // CANCEL before a final answer (RFC 3261 §9.1).
      call.pendingEnd = { outcome: 'cancelled', reasonKey: null };
      call.machine.transition('ending');
      await session.cancel();
      return;
    }
    if (session instanceof Invitation && session.state === SessionState.Establishing) {
      call.pendingEnd = { outcome: 'declined', reasonKey: null };
      call.machine.transition('ending');
      await session.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    throw illegalState(`hangup in ${call.machine.state}`);
  }

  // --- mid-call -----------------------------------------------------------------

  async hold(callId: string): Promise<void> {
    const call = this.#get(callId);
    if (!call.machine.is('active')) throw illegalState(`hold in ${call.machine.state}`);
    await this.#reinvite(call, { hold: true });
    call.held = true;
    if (call.machine.is('active')) call.machine.transition('held');
  }

  async resume(callId: string): Promise<void> {
    const call = this.#get(callId);
    if (!call.machine.is('held')) throw illegalState(`resume in ${call.machine.state}`);
    // Swapping lines: the call we talk on goes on hold before this one comes back.
    await this.#holdOthers(call);
    await this.#reinvite(call, { hold: false });
    call.held = false;
    if (call.machine.is('held')) call.machine.transition('active');
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
    for (const tone of tones) {
      if (tone === ',') continue; // a pause has no INFO equivalent; the far end sees the next digit later anyway
      await call.session.info({
        requestOptions: {
          body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=160\r\n` },
        },
      });
    }
  }

  // --- transfer -----------------------------------------------------------------

  /** Blind transfer (RFC 3515): REFER, then hang up only after the final NOTIFY says 2xx. */
  async blindTransfer(callId: string, target: string): Promise<void> {
    const call = this.#get(callId);
    if (!call.machine.is('active', 'held')) throw illegalState(`transfer in ${call.machine.state}`);
    const normalised = normaliseDialTarget(target, this.#options.defaultRegion, this.#options.domain);
    const uri = normalised === undefined ? undefined : UserAgent.makeURI(normalised.uri);
    if (uri === undefined) throw new ContractFailure('rejected', 'softphone.errors.badNumber');
    await this.#referAndHangUp(call, uri);
  }

  /** Attended transfer, step 1: hold this call and dial the consultation leg. */
  async consult(callId: string, target: string): Promise<{ callId: string }> {
    const call = this.#get(callId);
    if (!call.machine.is('active', 'held')) throw illegalState(`consult in ${call.machine.state}`);
    if (call.machine.is('active')) await this.hold(callId);
    return this.dial(target, callId);
  }

  /**
   * Attended transfer, step 2: REFER the original party to the consulted one
   * with Replaces (RFC 3891, RFC 5589 §7). The Refer-To names the consulted
   * party's address of record, not the Contact of its dialog: without GRUU
   * (RFC 5627) a Contact is not routable from elsewhere (a WebSocket client's
   * is `*.invalid`), while the AOR reaches the same registered device through
   * the proxy, and only the device holding the dialog accepts the Replaces.
   */
  async completeTransfer(callId: string, consultCallId: string): Promise<void> {
    const call = this.#get(callId);
    const consult = this.#get(consultCallId);
    if (call === consult) throw illegalState('completeTransfer of a call to itself');
    if (!call.machine.is('active', 'held') || !consult.machine.is('active', 'held')) {
      throw illegalState(`completeTransfer in ${call.machine.state}/${consult.machine.state}`);
    }
    const dialog = consult.session.dialog;
    if (dialog === undefined) throw illegalState('completeTransfer: the consultation has no dialog');
    const target = referToWithReplaces(consult.session.remoteIdentity.uri, dialog.callId, dialog.remoteTag, dialog.localTag);
    // The target BYEs the consultation as soon as it accepts the transferee's INVITE,
    // usually before the transferee's final NOTIFY reaches us: that BYE ends it as transferred.
    const consultEndBefore = consult.pendingEnd;
    consult.pendingEnd = { outcome: 'transferred', reasonKey: null };
    try {
      await this.#referAndHangUp(call, target);
    } catch (error: unknown) {
      consult.pendingEnd = consultEndBefore;
      throw error;
    }
    // If the target did not BYE the consultation (it did not honour Replaces), we do.
    this.#options.clock.setTimeout(() => {
      if (consult.machine.live) void this.hangup(consult.id).catch(() => undefined);
    }, 3000);
  }

  // --- recovery -----------------------------------------------------------------

  /**
   * Renegotiate every live call: after a renderer reload the new media engine
   * has no peer connection (it answers getDescription with a fresh offer);
   * after a transport reconnect the addresses may have changed (ICE restart).
   */
  async renegotiateAll(reason: 'media-restarted' | 'transport-restored'): Promise<void> {
    const iceRestart = reason === 'transport-restored';
    const live = [...this.#calls.values()].filter((call) => call.machine.live);
    for (const call of this.#calls.values()) {
      if (reason === 'media-restarted' && call.prepared && call.machine.is('ringing')) this.#prepare(call);
    }
    // A reloaded engine has no standby connection: make it again (same id, nothing was dialled on it).
    if (reason === 'media-restarted' && this.#standby !== null) this.#options.broker.notify(this.#standby.id, { op: 'prepare', microphone: false });
    await Promise.all(
      live.map((call) =>
        this.#reinvite(call, { hold: call.held, iceRestart }).catch((error: unknown) => {
          this.#options.log.warn('softphone: renegotiation failed', { callId: call.id, reason, error: String(error) });
        }),
      ),
    );
  }

  // --- standby media for the next outbound call ---------------------------------

  /**
   * Keeps one connection ready in the media engine for the next outbound call:
   * created and ICE-gathered ahead, without the microphone (nothing is
   * captured while idle). Called while the line is registered; made again after
   * each call is up or over, and replaced when old or the network changed.
   */
  warmStandby(): void {
    this.#standbyWanted = true;
    if (this.#standby !== null) return;
    const id = randomUUID();
    const timer = this.#options.clock.setTimeout(() => {
      if (this.#standby?.id !== id) return;
      this.#dropStandbyMedia();
      if (this.#standbyWanted) this.warmStandby();
    }, this.#options.standbyMaxAgeMs ?? STANDBY_MAX_AGE_MS);
    this.#standby = { id, timer };
    this.#options.broker.notify(id, { op: 'prepare', microphone: false });
  }

  /** Closes the standby connection; `keep` makes a fresh one at once (after a network change). */
  dropStandby(keep = false): void {
    this.#standbyWanted = keep && this.#standbyWanted;
    this.#dropStandbyMedia();
    if (this.#standbyWanted) this.warmStandby();
  }

  #dropStandbyMedia(): void {
    const standby = this.#standby;
    if (standby === null) return;
    this.#standby = null;
    this.#options.clock.clearTimeout(standby.timer);
    this.#options.broker.notify(standby.id, { op: 'close' });
  }

  /** The standby's id for a call being dialled now (its media becomes that call's), or undefined. */
  #takeStandby(): string | undefined {
    const standby = this.#standby;
    if (standby === null) return undefined;
    this.#standby = null;
    this.#options.clock.clearTimeout(standby.timer);
    return standby.id;
  }

  /** After a call is up or over: the next outbound call should find a standby again. */
  #rewarmStandby(): void {
    if (this.#standbyWanted && this.#standby === null) this.warmStandby();
  }

  async dispose(): Promise<void> {
    this.dropStandby();
    await Promise.all([...this.#calls.keys()].map((id) => this.hangup(id).catch(() => undefined)));
  }

  // --- internals -----------------------------------------------------------------

  #track(session: Session, direction: Call['direction'], initial: 'dialing' | 'ringing', remote: Party, consultFor: string | null, id: string = randomUUID()): Call {
    let ackArrived = (): void => undefined;
    const acked = direction === 'outbound' ? Promise.resolve() : new Promise<void>((resolve) => (ackArrived = resolve));
    const call: Call = {
      acked,
      ackArrived,
      id,
      direction,
      session,
      machine: new CallMachine(initial),
      remote,
      startedAt: this.#options.clock.now(),
      consultFor,
      answeredAt: null,
      endedAt: null,
      muted: false,
      held: false,
      pendingEnd: null,
      prepared: false,
      transferRequest: null,
    };
    this.#calls.set(call.id, call);
    this.#bySession.set(session, call);
    // Without a delegate sip.js would follow a REFER on its own, with a session we do not track.
    session.delegate = {
      ...session.delegate,
      onAck: () => call.ackArrived(),
      onRefer: (referral) => this.#guard('refer', () => this.#followReferral(call, referral)),
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
    this.#rewarmStandby();
  }

  /**
   * `prepare` for a ringing call: microphone and ICE gathering start while it
   * rings. The INVITE's offer is not sent along yet: answering from an answer
   * prepared during ringing raced with an early Answer click (no inbound RTP
   * in the bench, 1 call in 8); the engine supports `prepare { sdp }`, main
   * will use it once that race is fixed. Every prepared call is closed in the
   * engine if it ends without an SDH (declined, cancelled, missed).
   */
  #prepare(call: Call): void {
    call.prepared = true;
    this.#options.broker.notify(call.id, { op: 'prepare' });
  }

  #rejected(call: Call, response: IncomingResponse): void {
    const code = response.message.statusCode ?? 0;
    call.pendingEnd ??= outcomeOfStatus(code);
  }

  #terminated(call: Call): void {
    if (call.machine.is('ended')) return;
    const end: CallEnd =
      call.pendingEnd ??
      (call.answeredAt !== null
        ? { outcome: 'answered', reasonKey: null }
        : call.direction === 'inbound'
          ? // Terminated while our answer was under way: media failed (sip.js ends the session before accept() rejects).
            call.machine.is('connecting')
            ? { outcome: 'failed', reasonKey: 'softphone.errors.media' }
            : { outcome: 'missed', reasonKey: null }
          : { outcome: 'failed', reasonKey: 'softphone.errors.callFailed' });
    call.endedAt = this.#options.clock.now();
    call.ackArrived();
    // A transfer the agent was being asked about goes with the call (the prompt disappears).
    if (call.transferRequest !== null) this.#settleTransfer(call, call.transferRequest.info.id, 'withdrawn');
    if (call.prepared && call.session.sessionDescriptionHandler === undefined) {
      // The engine prepared media for a call that never got an SDH (missed, declined).
      this.#options.broker.notify(call.id, { op: 'close' });
    }
    this.#calls.delete(call.id);
    call.machine.finish(end);
    this.#rewarmStandby();
  }

  /** A call whose session never reached Terminated through sip.js (an INVITE that never left). */
  #forceEnd(call: Call): void {
    if (call.session.state === SessionState.Terminated || call.session.state === SessionState.Initial) {
      this.#terminated(call);
      return;
    }
    if (call.session instanceof Inviter) void call.session.cancel().catch(() => undefined);
    else if (call.session.state === SessionState.Established) void call.session.bye().catch(() => undefined);
  }

  /**
   * Sends a re-INVITE and resolves on its 2xx. A 500 with Retry-After (RFC 3261
   * §14.1, §20.33; sip.js answers so when a re-INVITE crosses its own) and a
   * 491 Request Pending (retry after 2.1–4 s) are retried once.
   *
   * On a call we answered, the re-INVITE waits for the ACK to our 200: a UAS
   * must not offer again before it (RFC 5407 §3.1.4), and sip.js would take
   * the ACK that crosses its offer for a missing answer and BYE the call (488).
   */
  async #reinvite(call: Call, options: BridgeDescriptionOptions, retried = false): Promise<void> {
    await call.acked;
    if (call.machine.is('ended')) throw illegalState('call ended before the re-INVITE');
    const { clock } = this.#options;
    return new Promise<void>((resolve, reject) => {
      const retry = (delayMs: number): void => {
        clock.setTimeout(() => {
          if (!call.machine.live) {
            reject(illegalState('call ended before the re-INVITE retry'));
            return;
          }
          this.#reinvite(call, options, true).then(resolve, reject);
        }, delayMs);
      };
      call.session
        .invite({
          sessionDescriptionHandlerOptions: options,
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => {
              const code = response.message.statusCode ?? 0;
              const retryAfter = Number.parseInt(response.message.getHeader('retry-after') ?? '', 10);
              if (!retried && code === 500 && Number.isFinite(retryAfter) && retryAfter >= 0) {
                retry(Math.min(retryAfter, 10) * 1000);
              } else if (!retried && code === 491) {
                retry(2100 + this.#random() * 1900);
              } else {
                reject(new ContractFailure('rejected', 'softphone.errors.renegotiationFailed', `re-INVITE answered ${code}`));
              }
            },
          },
        })
        .catch((error: unknown) => {
          if (error instanceof RequestPendingError) reject(illegalState('a re-INVITE is already in progress'));
          else reject(new ContractFailure('unavailable', 'softphone.errors.renegotiationFailed', String(error)));
        });
    });
  }

  /** REFER (blind: a URI; attended: a URI carrying Replaces) and wait for the final sipfrag. */
  async #referAndHangUp(call: Call, target: URI): Promise<void> {
    const { clock } = this.#options;
    const timeoutMs = this.#options.transferTimeoutMs ?? 30_000;
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (failureKey: string | null, detail?: string): void => {
        if (settled) return;
        settled = true;
        clock.clearTimeout(timer);
        if (failureKey === null) resolve();
        else reject(new ContractFailure('rejected', failureKey, detail));
      };
      const timer = clock.setTimeout(() => settle('softphone.errors.timeout', 'no final NOTIFY'), timeoutMs);
      call.session
        .refer(target, {
          requestDelegate: {
            onReject: (response) => settle('softphone.errors.transferFailed', `REFER answered ${response.message.statusCode ?? 0}`),
          },
          onNotify: (notification: Notification) =>
            this.#guard('transfer NOTIFY', () => {
              // Every NOTIFY gets its 200 (RFC 3515 §2.4.4); only a final sipfrag decides (§2.4.5).
              void notification.accept().catch(() => undefined);
              const status = sipfragStatus(notification.request.body);
              if (status === undefined || status < 200) return;
              if (status < 300) {
                // The transferee may BYE us right after this NOTIFY: that BYE ends the call as transferred.
                call.pendingEnd = { outcome: 'transferred', reasonKey: null };
                settle(null);
              }
              else settle('softphone.errors.transferFailed', `target answered ${status}`);
            }),
        })
        .catch((error: unknown) => settle('softphone.errors.transferFailed', String(error)));
    });
    // The transfer succeeded: our leg is no longer needed.
    call.pendingEnd = { outcome: 'transferred', reasonKey: null };
    if (call.machine.live) {
      call.machine.transition('ending');
      await call.session.bye().catch(() => undefined);
    }
  }

  #get(callId: string): Call {
    const call = this.#calls.get(callId);
    if (call === undefined) throw new ContractFailure('rejected', 'softphone.errors.noSuchCall');
    return call;
  }

  #info(call: Call): CallInfo {
    const end = call.machine.end;
    return {
      id: call.id,
      direction: call.direction,
      state: call.machine.state,
      remote: call.remote,
      startedAt: call.startedAt,
      answeredAt: call.answeredAt,
      endedAt: call.endedAt,
      muted: call.muted,
      consultFor: call.consultFor,
      outcome: end?.outcome ?? null,
      reasonKey: end?.reasonKey ?? null,
    };
  }

  #emit(call: Call): void {
    this.#guard('emit', () => this.#options.onCall(this.#info(call)));
  }

  /** Runs sip.js callbacks: a throw there must be logged, never escape into sip.js or the event loop. */
  #guard(what: string, work: () => void, onError?: () => void): void {
    try {
      work();
    } catch (error: unknown) {
      this.#options.log.error(`softphone: ${what} handler failed`, { error: error instanceof Error ? error.message : String(error) });
      onError?.();
    }
  }
}

/** The status code of a message/sipfrag body (RFC 3420), e.g. "SIP/2.0 200 OK". */
export function sipfragStatus(body: string | undefined): number | undefined {
  const match = /^SIP\/2\.0 (\d{3})/.exec((body ?? '').trimStart());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * A Refer-To target written as a name-addr: a URI carrying `?Replaces=` must
 * be enclosed in angle brackets (RFC 3261 §20.10, RFC 3515 §2.1), which sip.js
 * leaves out for a plain URI.
 */
class ReferToTarget extends URI {
  override toString(): string {
    return `<${super.toString()}>`;
  }
}

/**
 * `<aor?Replaces=call-id%3Bto-tag%3D…%3Bfrom-tag%3D…>` for the dialog we hold
 * with the consulted party (RFC 3891 §6.1: the tags as in that dialog's own
 * To/From, i.e. to-tag = its remote tag, from-tag = our local tag).
 */
export function referToWithReplaces(aor: URI, callId: string, remoteTag: string, localTag: string): URI {
  const target = new ReferToTarget(aor.scheme, aor.user ?? '', aor.host, aor.port);
  target.setHeader('Replaces', encodeURIComponent(`${callId};to-tag=${remoteTag};from-tag=${localTag}`));
  return target;
}
