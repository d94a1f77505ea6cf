/**
 * One spelling for matching cue phrases against a post: lower case, no
 * accents or Arabic diacritics, one form per Arabic letter that is written
 * several ways (alef with hamza or madda, alef maqsura, ta marbuta), every
 * number as `#` (so "# times" matches "3 times" and "٣ مرات"), and anything
 * that is not a letter, `#` or an emoji as one space. Cue lists pass through
 * the same function, so a team writes "can't log in" and it matches "CAN’T
 * log-in".
 */
export function normaliseForCues(text: string): string {
  return ` ${text
    .normalize('NFKC')
    .toLocaleLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/\p{Nd}+/gu, '#')
    .replace(/[^\p{L}#\p{Extended_Pictographic}]+/gu, ' ')
    .trim()} `;
}

/** Words as the lexicons spell them: lower case with accents kept (their stems keep them). */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLocaleLowerCase()
    .split(/[^\p{L}\p{M}'’]+/u)
    .flatMap((word) => word.split(/['’]/u))
    .filter((word) => word !== '');
}

/** Emoji in order, each once per occurrence (variation selectors dropped). */
export function emojiOf(text: string): string[] {
  return text.match(/\p{Extended_Pictographic}/gu) ?? [];
}
