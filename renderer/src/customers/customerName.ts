/**
 * How a customer's name is searched (issue 12 §7): an agent who types any
 * word of the name, or the start of one, finds the customer — "gómez",
 * "Gomez" and "gom" all find "Carla Gómez" — in whatever case and with or
 * without accents. The folded words are stored on the row (`nameWords`) under
 * a Dexie multi-entry index (schema version 10), so a search reads one index
 * range for one word of the query instead of scanning 100 000 customers.
 *
 * Folding is locale-independent (`toLowerCase`, not `toLocaleLowerCase`):
 * the stored words must not depend on the language the desk ran in when the
 * row was written.
 */

/** Accents off (NFD, then combining marks dropped), lower case. */
export const foldName = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The searchable words of a name or a query, folded, each once. Apostrophes
 * join ("O'Brien" is one word, "obrien"); any other mark or space separates
 * ("Ana-María" is "ana" and "maria").
 */
export function nameWords(text: string): string[] {
  const words = foldName(text)
    .replace(/['’]/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
  return [...new Set(words)];
}

/** What a customer row stores for its name: the full name folded for sorting, and its words for the index. */
export const customerNameKeys = (name: string): { readonly nameLower: string; readonly nameWords: readonly string[] } => ({
  nameLower: name.toLowerCase(),
  nameWords: nameWords(name),
});

/** Whether every word of the query starts some word of the name ("carla g" finds "Carla Gómez"; "g carla" too). */
export const wordsMatch = (name: readonly string[], query: readonly string[]): boolean => query.every((wanted) => name.some((word) => word.startsWith(wanted)));

/** The query word the index is read by: the longest, as the likeliest to narrow the range most. */
export const indexWord = (query: readonly string[]): string | undefined =>
  query.reduce<string | undefined>((best, word) => (best === undefined || word.length > best.length ? word : best), undefined);
