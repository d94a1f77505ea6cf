import { describe, expect, it } from 'vitest';
import { launchCodes, LAUNCH_CODE_TTL_MS } from '../../../main/web/launchCodes';

describe('launch codes', () => {
  it('a code opens the door once', () => {
    const codes = launchCodes();
    const code = codes.issue();
    expect(codes.redeem(code)).toBe(true);
    expect(codes.redeem(code)).toBe(false);
  });

  it('a code not used within its lifetime is refused, and spent by the try', () => {
    let now = 0;
    const codes = launchCodes(() => now);
    const code = codes.issue();
    now = LAUNCH_CODE_TTL_MS;
    expect(codes.redeem(code)).toBe(false);
  });

  it('an unknown, empty or missing code is refused; codes are unrelated to each other', () => {
    const codes = launchCodes();
    const a = codes.issue();
    const b = codes.issue();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[\w-]{24}$/);
    for (const offered of [null, undefined, '', 'x', `${a}x`]) expect(codes.redeem(offered)).toBe(false);
    expect(codes.redeem(b)).toBe(true);
  });
});
