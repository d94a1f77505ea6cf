import { randomUUID } from 'node:crypto';
import { Invitation, Inviter, SessionState, type Session, type URI, type UserAgent } from 'sip.js';
import type { CallInfo, Party, TransferRequest } from '@tandem/contract';
import { ContractFailure } from '../../contract/contractFailure';
import type { BridgeDescriptionOptions } from '../media/bridgeSessionDescriptionHandler';
import { CallMachine, type CallEnd } from './callMachine';
import { parseSipAddress, type SipAddress } from './referPolicy';

/** The largest SDP the media contract carries (`MediaOperation`). */
const MAX_SDP_LENGTH = 64 * 1024;

/** The SDP offer of an INVITE we received (what `prepare` sends the engine), when the media contract can carry it. */
export function inviteOfferOf(session: Session): string | undefined {
  if (!(session instanceof Invitation)) return undefined;
  const contentType = session.request.getHeader('content-type')?.split(';')[0]?.trim().toLowerCase();
  const body = session.body;
  return contentType === 'application/sdp' && body !== undefined && body.length > 0 && body.length <= MAX_SDP_LENGTH ? body : undefined;
}

export const illegalState = (detail: string): ContractFailure => new ContractFailure('rejected', 'softphone.errors.illegalState', detail);

/** A REFER the agent is being asked about (one per call at a time). */
export interface PendingTransfer {
  readonly info: TransferRequest;
  readonly replaces: string | undefined;
  readonly referredBy: string | undefined;
  readonly timer: unknown;
}

export interface CallStart {
  readonly session: Session;
  readonly direction: 'inbound' | 'outbound';
  readonly initial: 'dialing' | 'ringing';
  readonly remote: Party;
  readonly consultFor: string | null;
  /** The social conversation the agent called from ("Call now" in a case, issue 15); null for any other call. */
  readonly conversationId?: string | null;
  readonly startedAt: number;
  /** The standby connection's id when the call takes it over; a fresh id otherwise. */
  readonly id?: string;
}

/** What a call is part of: the call it consults for (attended transfer), the conversation it was placed from. */
export type CallLinks = Pick<CallStart, 'consultFor' | 'conversationId'>;
export const NO_LINKS: CallLinks = { consultFor: null, conversationId: null };

/**
 * One call of the agent: its sip.js session, its state machine (the truth
 * about where the call is, held included) and the outcome it will end with.
 */
export class Call {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  readonly session: Session;
  readonly machine: CallMachine;
  readonly remote: Party;
  readonly startedAt: number;
  readonly consultFor: string | null;
  readonly conversationId: string | null;
  answeredAt: number | null = null;
  endedAt: number | null = null;
  /** Set when a hold is confirmed, cleared when the call comes back. */
  heldAt: number | null = null;
  muted = false;
  /** The outcome our own action chose; applied when sip.js reports Terminated. */
  pendingEnd: CallEnd | null = null;
  /** `prepare` went to the media engine (so it must hear `close` even if no SDH was made). */
  prepared = false;
  /** Resolves once the far end's ACK to our 2xx arrived (at once for outbound calls), or the call ended. */
  readonly acked: Promise<void>;
  readonly ackArrived: () => void;
  transferRequest: PendingTransfer | null = null;

  constructor(start: CallStart) {
    this.id = start.id ?? randomUUID();
    this.direction = start.direction;
    this.session = start.session;
    this.machine = new CallMachine(start.initial);
    this.remote = start.remote;
    this.consultFor = start.consultFor;
    this.conversationId = start.conversationId ?? null;
    this.startedAt = start.startedAt;
    let ackArrived = (): void => undefined;
    this.acked = start.direction === 'outbound' ? Promise.resolve() : new Promise<void>((resolve) => (ackArrived = resolve));
    this.ackArrived = ackArrived;
  }

  /** On hold: the machine says so (RFC 3264 §8.4 re-INVITE done), nothing else. */
  get held(): boolean {
    return this.machine.is('held');
  }

  /** The outcome when sip.js reports Terminated: ours if we chose one, else what the call got to. */
  endOnTermination(): CallEnd {
    if (this.pendingEnd !== null) return this.pendingEnd;
    if (this.answeredAt !== null) return { outcome: 'answered', reasonKey: null };
    if (this.direction === 'outbound') return { outcome: 'failed', reasonKey: 'softphone.errors.callFailed' };
    // Terminated while our answer was under way: media failed (sip.js ends the session before accept() rejects).
    return this.machine.is('connecting') ? { outcome: 'failed', reasonKey: 'softphone.errors.media' } : { outcome: 'missed', reasonKey: null };
  }

  /**
   * Ends a session that never reached Terminated through sip.js (an INVITE
   * that never left): `terminated` runs now when sip.js will not report it.
   */
  forceEnd(terminated: () => void): void {
    const { session } = this;
    if (session.state === SessionState.Terminated || session.state === SessionState.Initial) {
      terminated();
      return;
    }
    if (session instanceof Inviter) void session.cancel().catch(() => undefined);
    else if (session.state === SessionState.Established) void session.bye().catch(() => undefined);
  }

  /** The far end answered our hold re-INVITE: the call is on hold from `at` (the desk's hold timer counts from it). */
  confirmHold(at: number): void {
    // Set first: the transition's state change is what sends the call to the desk.
    this.heldAt = at;
    this.machine.transition('held');
  }

  /** The far end answered our resume re-INVITE. */
  confirmResume(): void {
    this.heldAt = null;
    this.machine.transition('active');
  }

  /** Declines a ringing call we received. */
  async decline(): Promise<void> {
    if (this.direction !== 'inbound' || !this.machine.is('ringing')) throw illegalState(`decline in ${this.machine.state}`);
    this.pendingEnd = { outcome: 'declined', reasonKey: null };
    this.machine.transition('ending');
    // 486 Busy Here: "not willing to take the call at this end system" (RFC 3261 §21.4.24).
    await (this.session as Invitation).reject({ statusCode: 486 });
  }

  /** Ends the call the way its state allows: decline, BYE, CANCEL or a late 486. */
  async hangUp(): Promise<void> {
    const { session } = this;
    if (this.machine.is('ending')) return;
    if (this.direction === 'inbound' && this.machine.is('ringing')) {
      await this.decline();
      return;
    }
    if (session.state === SessionState.Established) {
      this.pendingEnd ??= { outcome: 'answered', reasonKey: null };
      this.machine.transition('ending');
      await session.bye();
      return;
    }
    if (session instanceof Inviter && (session.state === SessionState.Initial || session.state === SessionState.Establishing)) {
      // CANCEL before a final answer (RFC 3261 §9.1).
      this.pendingEnd = { outcome: 'cancelled', reasonKey: null };
      this.machine.transition('ending');
      await session.cancel();
      return;
    }
    if (session instanceof Invitation && session.state === SessionState.Establishing) {
      this.pendingEnd = { outcome: 'declined', reasonKey: null };
      this.machine.transition('ending');
      await session.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    throw illegalState(`hangup in ${this.machine.state}`);
  }

  /** DTMF as SIP INFO (application/dtmf-relay), for when the media engine cannot send RFC 4733. */
  async sendInfoDtmf(tones: string): Promise<void> {
    for (const tone of tones) {
      if (tone === ',') continue; // a pause has no INFO equivalent; the far end sees the next digit later anyway
      await this.session.info({
        requestOptions: {
          body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=160\r\n` },
        },
      });
    }
  }

  /** The SDP offer of the INVITE we received, when it has one the media contract can carry. */
  inviteOffer(): string | undefined {
    return inviteOfferOf(this.session);
  }

  /** The far end as its own header named it: the INVITE's From on a call we received, the address we dialled otherwise. */
  farEnd(): SipAddress | undefined {
    const { session } = this;
    const header = session instanceof Invitation ? session.request.getHeader('from') : session instanceof Inviter ? session.request.getHeader('to') : undefined;
    return header === undefined ? undefined : parseSipAddress(header);
  }

  /** A sipfrag NOTIFY in a REFER's implicit subscription (RFC 3515 §2.4.4). */
  notifyReferrer(sipfrag: string, subscriptionState: string): void {
    this.session.dialog?.notify(undefined, {
      extraHeaders: ['Event: refer', `Subscription-State: ${subscriptionState}`],
      body: { contentDisposition: 'render', contentType: 'message/sipfrag', content: sipfrag },
    });
  }

  info(): CallInfo {
    const end = this.machine.end;
    return {
      id: this.id,
      direction: this.direction,
      state: this.machine.state,
      remote: this.remote,
      startedAt: this.startedAt,
      answeredAt: this.answeredAt,
      endedAt: this.endedAt,
      heldAt: this.machine.is('held') ? this.heldAt : null,
      muted: this.muted,
      consultFor: this.consultFor,
      conversationId: this.conversationId,
      outcome: end?.outcome ?? null,
      reasonKey: end?.reasonKey ?? null,
    };
  }
}

/** An Inviter for a new outbound call: media unheld on the INVITE and on our later re-INVITEs. */
export function inviterTo(ua: UserAgent, uri: URI, extraHeaders: string[] = []): Inviter {
  const hold: BridgeDescriptionOptions = { hold: false };
  return new Inviter(ua, uri, { extraHeaders, sessionDescriptionHandlerOptions: hold, sessionDescriptionHandlerOptionsReInvite: hold });
}
