import type { Conversation } from './socialTables';

/**
 * How long a customer may wait for our first answer, per channel: a public
 * post is read by everyone while it waits, so its target is half a private
 * message's. No profile key sets these yet (the supervisor's queue of issue
 * 16 will want the same figures: it should read them from here, and a
 * profile key, when one exists, should feed `targets`).
 */
export interface ResponseTargets {
  readonly public: number;
  readonly private: number;
}

export const DEFAULT_RESPONSE_TARGETS: ResponseTargets = { public: 30 * 60_000, private: 60 * 60_000 };

/** The row's timer turns amber at this share of the target, red at the target itself. */
export const NEAR_TARGET = 0.75;

export type WaitingTone = 'calm' | 'near' | 'over';

export function targetOf(visibility: Conversation['visibility'], targets: ResponseTargets = DEFAULT_RESPONSE_TARGETS): number {
  return targets[visibility];
}

/** calm below 75 % of the target, near from 75 %, over from 100 %. */
export function waitingTone(waitingMs: number, targetMs: number): WaitingTone {
  if (targetMs <= 0 || waitingMs >= targetMs) return 'over';
  if (waitingMs >= targetMs * NEAR_TARGET) return 'near';
  return 'calm';
}
