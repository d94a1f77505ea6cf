/**
 * Network text is hostile until proven otherwise. Everything a connector puts
 * into a `SocialItem` or `SocialAuthor` passes through here: the renderer
 * then only ever shows it as text (never HTML), and only opens http(s) links.
 */

/**
 * C0/C1 controls (except tab and newline), DEL, and the bidi embedding,
 * override and isolate characters (U+202A–202E, U+2066–2069) that can make
 * a name or a link read backwards ("Trojan Source", CVE-2021-42574).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
/** Zalgo: more than this many combining marks in a row are cut back. */
const MAX_COMBINING_RUN = 4;
const COMBINING_RUN = new RegExp(`(\\p{M}{${MAX_COMBINING_RUN}})\\p{M}+`, 'gu');

export const LIMITS = {
  displayName: 64,
  description: 512,
  handle: 253,
  postText: 3_000,
  linkText: 300,
  url: 2_048,
} as const;

/** Cuts to at most `max` code points without splitting a surrogate pair. */
function capCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  return Array.from(text).slice(0, max).join('');
}

/** Removes controls and bidi overrides, tames zalgo, caps the length (code points). */
export function sanitizeText(value: unknown, max: number, { singleLine = false } = {}): string {
  if (typeof value !== 'string') return '';
  let text = value.replace(UNSAFE, '').replace(COMBINING_RUN, '$1');
  if (singleLine) text = text.replace(/[\t\n]+/g, ' ').trim();
  return capCodePoints(text, max);
}

/** The URL when it is absolute http(s), else null (javascript:, data:, relative, garbage). */
export function safeHttpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > LIMITS.url) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url.toString();
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

interface FacetLike {
  readonly index?: { readonly byteStart?: unknown; readonly byteEnd?: unknown };
  readonly features?: readonly unknown[];
}

/**
 * Links of a Bluesky post from its rich-text facets (byte ranges into the
 * UTF-8 text), keeping only http(s) URIs. Broken facets (ranges outside the
 * text, reversed, non-numeric) are skipped, never trusted.
 */
export function linksFromFacets(text: string, facets: unknown): { url: string; text: string }[] {
  if (!Array.isArray(facets)) return [];
  const bytes = utf8.encode(text);
  const links: { url: string; text: string }[] = [];
  for (const facet of facets.slice(0, 100) as FacetLike[]) {
    if (facet === null || typeof facet !== 'object' || !Array.isArray(facet.features)) continue;
    const start = facet.index?.byteStart;
    const end = facet.index?.byteEnd;
    const ranged =
      typeof start === 'number' &&
      typeof end === 'number' &&
      Number.isInteger(start) &&
      Number.isInteger(end) &&
      start >= 0 &&
      end > start &&
      end <= bytes.length;
    for (const feature of facet.features) {
      if (feature === null || typeof feature !== 'object') continue;
      const { $type, uri } = feature as { $type?: unknown; uri?: unknown };
      if ($type !== 'app.bsky.richtext.facet#link') continue;
      const url = safeHttpUrl(uri);
      if (url === null) continue;
      const label = ranged ? utf8Decoder.decode(bytes.subarray(start, end)) : url;
      links.push({ url, text: sanitizeText(label, LIMITS.linkText, { singleLine: true }) });
    }
  }
  return links;
}

/** DIDs mentioned through `app.bsky.richtext.facet#mention` features. */
export function mentionedDids(facets: unknown): Set<string> {
  const dids = new Set<string>();
  if (!Array.isArray(facets)) return dids;
  for (const facet of facets.slice(0, 100) as FacetLike[]) {
    if (facet === null || typeof facet !== 'object' || !Array.isArray(facet.features)) continue;
    for (const feature of facet.features) {
      if (feature === null || typeof feature !== 'object') continue;
      const { $type, did } = feature as { $type?: unknown; did?: unknown };
      if ($type === 'app.bsky.richtext.facet#mention' && typeof did === 'string') dids.add(did);
    }
  }
  return dids;
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Counts user-perceived characters, the way Bluesky measures a post's length. */
export function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of graphemes.segment(text)) count += 1;
  return count;
}
