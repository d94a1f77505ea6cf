/**
 * Networks count post length in user-perceived characters (grapheme
 * clusters): 👩🏽‍💻 is one, not seven UTF-16 units. `Intl.Segmenter` is what
 * Bluesky's own clients use for its 300-grapheme limit.
 *
 * One segmenter for the page, made on first use: the first `Intl.Segmenter` a
 * renderer process makes loads ICU's break rules, 20–50 ms on this project's
 * machines, and made at module level it was part of evaluating the bundle on
 * every cold start, before anything was on screen.
 */
let segmenter: Intl.Segmenter | undefined;

function graphemeSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
}

export function countGraphemes(text: string): number {
  let count = 0;
  for (const _ of graphemeSegmenter().segment(text)) count++;
  return count;
}

/** Printable ASCII never joins the character after it into one grapheme (only CR LF does, and CR is not printable). */
const ASCII_START = /^[\x20-\x7e](?:[\x20-\x7e]|$)/;

/**
 * The first user-perceived character of `text` ("Ó", "👩🏽‍💻", "م"), '' for none. A text that
 * starts with two printable ASCII characters starts with a one-unit grapheme, so the inbox's
 * Latin-script names never wake the segmenter on the first screen.
 */
export function firstGrapheme(text: string): string {
  if (ASCII_START.test(text)) return text.charAt(0);
  for (const { segment } of graphemeSegmenter().segment(text)) return segment;
  return '';
}
