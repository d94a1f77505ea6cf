import { randomInt } from 'node:crypto';

/** Six digits: easy to read out on a call and to type in a post, hard to guess within the code's lifetime. */
export const newVerificationCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/**
 * The code as a whole token in the text, written the way a customer may have
 * heard it ("843 261", "843-261", "843261"), but not inside a longer number:
 * "1234567" doesn't prove "234567".
 */
export function containsCode(text: string, code: string): boolean {
  // One separator (space, dash, dot) may stand between any two digits; the code is digits only, so it is safe in a pattern.
  const digits = code.split('').join('[ \\-.\\u00a0]?');
  // eslint-disable-next-line security/detect-non-literal-regexp -- built from our own six digits, nothing else
  return new RegExp(`(?<![0-9])${digits}(?![0-9])`).test(text.slice(0, 5_000));
}
