import type { Party } from '@tandem/contract';
import { e164FromUser } from './dialTarget';

/** Display names are shown as text, but also kept short: 128 user-perceived characters. */
export const MAX_DISPLAY_NAME_GRAPHEMES = 128;
const MAX_URI_CHARS = 512;

/**
 * C0/C1 controls (incl. CR/LF/TAB), the bidi overrides and embeddings
 * U+202A–U+202E, the isolates U+2066–U+2069, and the lone marks U+200E/U+200F/U+061C:
 * a caller who sends "\u202Egnp.exe" must not be able to reorder what the agent reads.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]/g;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Strips controls and bidi overrides, collapses whitespace, truncates to `max` graphemes (with an ellipsis). */
export function sanitiseText(text: string, max = MAX_DISPLAY_NAME_GRAPHEMES): string {
  // Bound the work first: a 10 kB header is cut before it is segmented.
  const bounded = text.length > max * 16 ? text.slice(0, max * 16) : text;
  const cleaned = bounded
    .replace(/[\t\n\r\u2028\u2029]/g, ' ')
    .replace(UNSAFE, '')
    .replace(/\s+/g, ' ')
    .trim();
  const graphemes: string[] = [];
  for (const { segment } of segmenter.segment(cleaned)) {
    if (graphemes.length === max) {
      graphemes[max - 1] = '…';
      return graphemes.join('');
    }
    graphemes.push(segment);
  }
  return graphemes.join('');
}

/** The caller as the desk shows it, from what the INVITE's From (or P-Asserted-Identity) said. */
export function partyFrom(uri: string, user: string | undefined, displayName: string | undefined, defaultRegion: string): Party {
  const safeUri = sanitiseText(uri, MAX_URI_CHARS);
  return {
    uri: safeUri,
    displayName: sanitiseText(displayName ?? ''),
    number: e164FromUser(user, defaultRegion),
  };
}
