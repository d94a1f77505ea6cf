import { randomInt } from 'node:crypto';

/** Six digits: easy to read out on a call and to type in a post, hard to guess within the code's lifetime. */
export const newVerificationCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** The code as a whole token in the text (not inside a longer number), so "1234567" doesn't prove "234567". */
export function containsCode(text: string, code: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(code, from);
    if (at < 0) return false;
    const before = at === 0 ? '' : (text[at - 1] ?? '');
    const after = text[at + code.length] ?? '';
    if (!/\d/.test(before) && !/\d/.test(after)) return true;
    from = at + 1;
  }
}
