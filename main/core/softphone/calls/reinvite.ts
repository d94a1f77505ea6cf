import { RequestPendingError } from 'sip.js';
import { ContractFailure } from '../../contract/contractFailure';
import type { Clock } from '../../time/clock';
import type { BridgeDescriptionOptions } from '../media/bridgeSessionDescriptionHandler';
import { illegalState, type Call } from './call';

export interface ReinviteDeps {
  readonly clock: Clock;
  /** For the 491 back-off (RFC 3261 §14.1); injected so a test can pin it. */
  readonly random: () => number;
}

/** The longest Retry-After we honour: the agent is waiting on a button. */
const MAX_RETRY_AFTER_S = 10;

/**
 * Sends a re-INVITE and resolves on its 2xx. A 500 with Retry-After (RFC 3261
 * §14.1, §20.33; sip.js answers so when a re-INVITE crosses its own) and a
 * 491 Request Pending (retry after 2.1–4 s) are retried once.
 *
 * On a call we answered, the re-INVITE waits for the ACK to our 200: a UAS
 * must not offer again before it (RFC 5407 §3.1.4), and sip.js would take
 * the ACK that crosses its offer for a missing answer and BYE the call (488).
 */
export async function reinvite(call: Call, options: BridgeDescriptionOptions, deps: ReinviteDeps, retried = false): Promise<void> {
  await call.acked;
  if (call.machine.is('ended')) throw illegalState('call ended before the re-INVITE');
  return new Promise<void>((resolve, reject) => {
    const retry = (delayMs: number): void => {
      deps.clock.setTimeout(() => {
        if (!call.machine.live) {
          reject(illegalState('call ended before the re-INVITE retry'));
          return;
        }
        reinvite(call, options, deps, true).then(resolve, reject);
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
              retry(Math.min(retryAfter, MAX_RETRY_AFTER_S) * 1000);
            } else if (!retried && code === 491) {
              retry(2100 + deps.random() * 1900);
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
