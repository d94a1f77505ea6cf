import type { Logger } from '../core/log/logger';

export interface RateLimitedLog {
  /** Logs a warning unless the budget is spent; what is dropped is counted and reported with the next one that passes. */
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface RateLimit {
  /** How many lines may come at once. */
  readonly burst: number;
  /** How many more lines each second earns back. */
  readonly perSecond: number;
}

/**
 * A token bucket in front of a logger. The host logs every refusal it makes,
 * and refusals are what an attacker controls: without a budget, a loop of
 * bad requests turns into a loop of disk writes. A quiet host still logs each
 * refusal; a flood logs `burst` lines, then about `perSecond` a second, each
 * saying how many were suppressed before it.
 */
export function rateLimitedLog(log: Logger, limit: RateLimit, now: () => number = Date.now): RateLimitedLog {
  let tokens = limit.burst;
  let refilledAt = now();
  let suppressed = 0;
  return {
    warn(message, fields = {}) {
      const at = now();
      tokens = Math.min(limit.burst, tokens + ((at - refilledAt) / 1000) * limit.perSecond);
      refilledAt = at;
      if (tokens < 1) {
        suppressed += 1;
        return;
      }
      tokens -= 1;
      log.warn(message, suppressed > 0 ? { ...fields, suppressed } : fields);
      suppressed = 0;
    },
  };
}
