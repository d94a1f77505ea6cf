import { randomBytes } from 'node:crypto';

/** Long enough for a browser to start and open the address, short enough that a copy in a scrollback is stale. */
export const LAUNCH_CODE_TTL_MS = 60_000;

export interface LaunchCodes {
  /** A new code, valid once, for LAUNCH_CODE_TTL_MS. */
  issue(): string;
  /** True exactly once for a live code; the code is spent whether or not it was still valid. */
  redeem(code: string | null | undefined): boolean;
}

/**
 * Single-use, short-lived codes that a browser exchanges for the host's
 * cookie. They exist so the token itself never appears on a command line
 * (`ps` shows every user the `--app=URL` that Chromium was started with) or
 * in a terminal's scrollback: what leaks there is a code that was spent the
 * moment the browser opened it.
 */
export function launchCodes(now: () => number = Date.now, ttlMs = LAUNCH_CODE_TTL_MS): LaunchCodes {
  const live = new Map<string, number>();
  const sweep = (at: number) => {
    for (const [code, expires] of live) if (expires <= at) live.delete(code);
  };
  return {
    issue() {
      const at = now();
      sweep(at);
      const code = randomBytes(18).toString('base64url');
      live.set(code, at + ttlMs);
      return code;
    },
    redeem(code) {
      if (typeof code !== 'string') return false;
      const expires = live.get(code);
      if (expires === undefined) return false;
      live.delete(code);
      return now() < expires;
    },
  };
}
