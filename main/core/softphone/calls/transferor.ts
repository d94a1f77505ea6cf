import { type Notification, URI } from 'sip.js';
import { ContractFailure } from '../../contract/contractFailure';
import type { Clock } from '../../time/clock';
import { illegalState, type Call } from './call';
import type { Guard } from './guard';

/** How long a transfer waits for its final NOTIFY by default (RFC 3515 §2.4.5). */
const TRANSFER_TIMEOUT_MS = 30_000;
/** How long the consulted party has to BYE the consultation itself after an attended transfer. */
const CONSULT_BYE_GRACE_MS = 3000;

export interface TransferorDeps {
  readonly clock: Clock;
  readonly guard: Guard;
  readonly timeoutMs?: number;
  /** Hangs up a call by id (the consultation the target did not BYE). */
  readonly hangup: (callId: string) => Promise<void>;
}

/**
 * We are the transferor: REFER (blind: a URI; attended: a URI carrying
 * Replaces), wait for the final sipfrag, then hang up our leg.
 */
export async function referAndHangUp(call: Call, target: URI, deps: TransferorDeps): Promise<void> {
  const { clock, guard } = deps;
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (failureKey: string | null, detail?: string): void => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timer);
      if (failureKey === null) resolve();
      else reject(new ContractFailure('rejected', failureKey, detail));
    };
    const timer = clock.setTimeout(() => settle('softphone.errors.timeout', 'no final NOTIFY'), deps.timeoutMs ?? TRANSFER_TIMEOUT_MS);
    call.session
      .refer(target, {
        requestDelegate: {
          onReject: (response) => settle('softphone.errors.transferFailed', `REFER answered ${response.message.statusCode ?? 0}`),
        },
        onNotify: (notification: Notification) =>
          guard('transfer NOTIFY', () => {
            // Every NOTIFY gets its 200 (RFC 3515 §2.4.4); only a final sipfrag decides (§2.4.5).
            void notification.accept().catch(() => undefined);
            const status = sipfragStatus(notification.request.body);
            if (status === undefined || status < 200) return;
            if (status < 300) {
              // The transferee may BYE us right after this NOTIFY: that BYE ends the call as transferred.
              call.pendingEnd = { outcome: 'transferred', reasonKey: null };
              settle(null);
            } else settle('softphone.errors.transferFailed', `target answered ${status}`);
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

/**
 * Attended transfer, step 2: REFER the original party to the consulted one
 * with Replaces (RFC 3891, RFC 5589 §7). The Refer-To names the consulted
 * party's address of record, not the Contact of its dialog: without GRUU
 * (RFC 5627) a Contact is not routable from elsewhere (a WebSocket client's
 * is `*.invalid`), while the AOR reaches the same registered device through
 * the proxy, and only the device holding the dialog accepts the Replaces.
 */
export async function completeAttendedTransfer(call: Call, consult: Call, deps: TransferorDeps): Promise<void> {
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
    await referAndHangUp(call, target, deps);
  } catch (error: unknown) {
    consult.pendingEnd = consultEndBefore;
    throw error;
  }
  // If the target did not BYE the consultation (it did not honour Replaces), we do.
  deps.clock.setTimeout(() => {
    if (consult.machine.live) void deps.hangup(consult.id).catch(() => undefined);
  }, CONSULT_BYE_GRACE_MS);
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
