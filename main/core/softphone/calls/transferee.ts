import { randomUUID } from 'node:crypto';
import { UserAgent, type Inviter, type Referral } from 'sip.js';
import type { Party, TransferRequest } from '@tandem/contract';
import { ContractFailure } from '../../contract/contractFailure';
import type { Logger } from '../../log/logger';
import type { Clock } from '../../time/clock';
import { inviterTo, type Call } from './call';
import type { Guard } from './guard';
import { partyFrom } from './party';
import { decideRefer, parseSipAddress, type ReferDecision, type TransferRules } from './referPolicy';

/**
 * 20 s to answer a transfer request: long enough to read one line, and short
 * enough that the referrer (our own transferor waits 30 s for the final
 * NOTIFY) still hears the outcome, ringing included.
 */
const TRANSFER_CONSENT_MS = 20_000;
/** How long the transferor has to BYE the referred call once the new one is up, before we do. */
const REFERRED_BYE_GRACE_MS = 3000;

export interface TransfereeDeps {
  readonly userAgent: () => UserAgent;
  readonly clock: Clock;
  readonly log: Logger;
  readonly guard: Guard;
  readonly defaultRegion: string;
  readonly rules: TransferRules;
  /** A transfer the agent is asked about, and later how it was settled. */
  readonly onTransferRequest?: (request: TransferRequest) => void;
  /** How long the agent has to answer a transfer request before it is declined. */
  readonly consentMs?: number;
  /** Tracks an Inviter as a new call and sends its INVITE; `onEstablished` runs once it is up. */
  readonly startOutbound: (inviter: Inviter, remote: Party, onEstablished: () => void) => void;
  readonly hangup: (callId: string) => Promise<void>;
}

/**
 * We are the transferee (RFC 3515 §2.4.2, RFC 5589): the far end REFERs us
 * elsewhere, with Replaces in an attended transfer. referPolicy decides:
 * refuse (603, or 400 for a bad Replaces), follow, or ask the agent first.
 * A followed REFER is a new call to the rebuilt target (sip.js reports its
 * progress to the referrer in sipfrag NOTIFYs), and the referred call ends as
 * transferred once the new one is up: the transferor BYEs it, or we do.
 */
export class Transferee {
  constructor(private readonly deps: TransfereeDeps) {}

  /** The session delegate's onRefer for `call`. */
  refer(call: Call, referral: Referral): void {
    const decision: ReferDecision = call.machine.live
      ? decideRefer({ referrer: call.farEnd(), target: parseSipAddress(referral.request.getHeader('refer-to') ?? '') }, this.deps.rules)
      : { action: 'refuse', statusCode: 603, reason: 'inactive' };
    if (decision.action === 'refuse') {
      // RFC 3515 §2.4.2 lets the recipient refuse; 603 Decline: we will not call that target from here.
      this.deps.log.info('softphone: REFER refused', { callId: call.id, reason: decision.reason });
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
      this.#dial(call, decision.target, decision.replaces, referredBy);
      return;
    }
    // Asking: the REFER is answered 202 now and the agent's answer follows as NOTIFYs. Holding the REFER
    // unanswered while the agent reads would outlast its non-INVITE transaction (Timer F, 32 s; a proxy gives
    // up sooner), and 202 only says "accepted for processing" (RFC 3515 §2.4.2); a refusal then ends the
    // implicit subscription with a final "SIP/2.0 603 Declined" sipfrag (§2.4.4, §2.4.5).
    call.notifyReferrer('SIP/2.0 100 Trying', 'active;expires=60');
    const { clock, guard } = this.deps;
    const consentMs = this.deps.consentMs ?? TRANSFER_CONSENT_MS;
    const id = randomUUID();
    const info: TransferRequest = { id, callId: call.id, target: decision.target, status: 'asking', expiresAt: clock.now() + consentMs };
    const timer = clock.setTimeout(() => guard('transfer request timeout', () => this.#settle(call, id, 'expired')), consentMs);
    call.transferRequest = { info, replaces: decision.replaces, referredBy, timer };
    this.deps.log.info('softphone: REFER needs the agent', { callId: call.id, replaces: decision.replaces !== undefined });
    guard('transfer request', () => this.deps.onTransferRequest?.(info));
  }

  /** The agent's answer to a transfer request (`softphone:transferRequest`). */
  answer(call: Call, requestId: string, accept: boolean): void {
    if (call.transferRequest?.info.id !== requestId) throw new ContractFailure('rejected', 'softphone.errors.noSuchTransferRequest');
    this.#settle(call, requestId, accept ? 'accepted' : 'declined');
  }

  /** The call ended: a transfer the agent was being asked about goes with it (the prompt disappears). */
  withdraw(call: Call): void {
    if (call.transferRequest !== null) this.#settle(call, call.transferRequest.info.id, 'withdrawn');
  }

  #settle(call: Call, requestId: string, status: Exclude<TransferRequest['status'], 'asking'>): void {
    const pending = call.transferRequest;
    if (pending?.info.id !== requestId) return;
    call.transferRequest = null;
    this.deps.clock.clearTimeout(pending.timer);
    this.deps.guard('transfer request', () => this.deps.onTransferRequest?.({ ...pending.info, status }));
    if (status === 'accepted' && call.machine.live) this.#dial(call, pending.info.target, pending.replaces, pending.referredBy);
    else if (status !== 'withdrawn') call.notifyReferrer('SIP/2.0 603 Declined', 'terminated;reason=noresource');
  }

  /**
   * What sip.js's Referral.makeInviter does, but to the rebuilt target:
   * makeInviter dials the Refer-To with every parameter it carried. Linking the
   * Inviter to the referred session (`_referred`) makes sip.js send our
   * progress to the referrer as sipfrag NOTIFYs (Inviter.notifyReferer).
   */
  #dial(call: Call, target: string, replaces: string | undefined, referredBy: string | undefined): void {
    const uri = UserAgent.makeURI(target);
    if (uri === undefined) {
      call.notifyReferrer('SIP/2.0 400 Bad Request', 'terminated;reason=noresource');
      return;
    }
    const extraHeaders = [...(replaces === undefined ? [] : [`Replaces: ${replaces}`]), ...(referredBy === undefined ? [] : [`Referred-By: ${referredBy}`])];
    const inviter = inviterTo(this.deps.userAgent(), uri, extraHeaders);
    inviter._referred = call.session;
    this.deps.log.info('softphone: following a REFER', { callId: call.id, replaces: replaces !== undefined });
    const remote = partyFrom(target, uri.user, undefined, this.deps.defaultRegion);
    this.deps.startOutbound(inviter, remote, () => {
      call.pendingEnd ??= { outcome: 'transferred', reasonKey: null };
      this.deps.clock.setTimeout(() => {
        if (call.machine.live) void this.deps.hangup(call.id).catch(() => undefined);
      }, REFERRED_BYE_GRACE_MS);
    });
  }
}
