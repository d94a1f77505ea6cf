import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A per-launch secret, or a fixed one from TANDEM_WEB_TOKEN for a kiosk or wall-board. */
export function launchToken(env: NodeJS.ProcessEnv): string {
  const fixed = env['TANDEM_WEB_TOKEN'];
  if (fixed !== undefined && fixed.length > 0) {
    if (fixed.length < 16) throw new Error('TANDEM_WEB_TOKEN must be at least 16 characters');
    return fixed;
  }
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison, so the token can't be guessed a character at a time. */
export function tokenMatches(expected: string, offered: string | undefined | null): boolean {
  if (offered === undefined || offered === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(offered);
  return a.length === b.length && timingSafeEqual(a, b);
}
