import * as z from 'zod';

/**
 * How long a customer may wait for our first answer, per channel, in ms: a
 * public post is read by everyone while it waits, so its target is half a
 * private message's. The profile's `team.responseTargets` (minutes) replaces
 * these (main sends them in PublicSettings.team), so the inbox's timers and the
 * supervisor's queue judge a wait the same way.
 */
export const ResponseTargets = z
  .object({
    public: z
      .number()
      .int()
      .positive()
      .max(7 * 24 * 3_600_000),
    private: z
      .number()
      .int()
      .positive()
      .max(7 * 24 * 3_600_000),
  })
  .strict();
export type ResponseTargets = z.infer<typeof ResponseTargets>;

export const DEFAULT_RESPONSE_TARGETS: ResponseTargets = { public: 30 * 60_000, private: 60 * 60_000 };

/** A row's timer turns amber at this share of the target, red at the target itself. */
export const NEAR_TARGET = 0.75;

export type WaitingTone = 'calm' | 'near' | 'over';

/** calm below 75 % of the target, near from 75 %, over from 100 %. */
export function waitingTone(waitingMs: number, targetMs: number): WaitingTone {
  if (targetMs <= 0 || waitingMs >= targetMs) return 'over';
  if (waitingMs >= targetMs * NEAR_TARGET) return 'near';
  return 'calm';
}
