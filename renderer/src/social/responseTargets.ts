import { DEFAULT_RESPONSE_TARGETS, type ResponseTargets } from '@tandem/contract';
import type { Conversation } from './socialTables';

/**
 * How long a customer may wait for our first answer, per channel. The figures
 * and the tone thresholds live in the contract (contract/supervisorQueue.ts),
 * so the inbox and the supervisor's social queue (issue 16) judge a wait the
 * same way.
 */
export { DEFAULT_RESPONSE_TARGETS, NEAR_TARGET, waitingTone, type ResponseTargets, type WaitingTone } from '@tandem/contract';

export function targetOf(visibility: Conversation['visibility'], targets: ResponseTargets = DEFAULT_RESPONSE_TARGETS): number {
  return targets[visibility];
}
