/**
 * Exponential backoff with "full jitter": the n-th retry waits a uniformly
 * random time in [0, min(cap, base·2ⁿ⁻¹)]. Jitter spreads the reconnects of a
 * whole contact centre after a registrar restart instead of having every seat
 * hit it in the same instant (the thundering herd the plain doubling causes).
 * See https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };

/** The upper bound of the wait before retry number `attempt` (1-based). */
export function backoffCeiling(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/** The wait before retry `attempt`; `random` returns [0, 1) (injected for tests). */
export function backoffDelay(attempt: number, random: () => number = Math.random, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}
