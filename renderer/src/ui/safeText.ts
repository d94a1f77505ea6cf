/**
 * Text from a network is always rendered as React text (never markup), inside
 * `<bdi>` so it can't reorder what surrounds it. This goes one step further
 * for display only: explicit bidi embeddings/overrides/isolates are dropped
 * (they reverse or hide text inside the post itself, a spoofing trick), and
 * runs of combining marks ("zalgo") are cut to a few per character so they
 * can't paint over neighbouring rows. The stored text stays untouched.
 */
// LRE RLE PDF LRO RLO (U+202A–U+202E) and LRI RLI FSI PDI (U+2066–U+2069).
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const COMBINING_RUN = /(\p{M}{3})\p{M}+/gu;

export function displayText(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(COMBINING_RUN, '$1');
}

/**
 * A phone number or SIP address to put inside a translated sentence: cleaned
 * as above, then wrapped in a left-to-right isolate (LRI … PDI). Without it an
 * Arabic sentence reorders "+1 212 555 0100" into "0100 555 212 1+"; the
 * cleaned text holds no PDI, so it cannot close the isolate early.
 */
export function isolatedLtr(text: string): string {
  return `\u2066${displayText(text)}\u2069`;
}

/** A URL the desk may open in the system browser: http(s) only, parsed, no credentials. Anything else stays text. */
export function safeExternalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url.href;
}
