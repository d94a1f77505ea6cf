import type { i18n } from 'i18next';

/** Texts held before the cache starts afresh: a screenful of inbox rows asks for a few hundred. */
export const TRANSLATION_CACHE_LIMIT = 4096;

type Primitive = string | number | boolean | null;

const isPrimitive = (value: unknown): value is Primitive => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/**
 * The key a call is remembered by, or null for a call that is not remembered: an options object
 * holding anything but primitives (and lists of them) — a `replace` map, a post-processor — or
 * the older call forms (`t(key, defaultValue)`, several keys).
 */
function callKey(language: string, key: unknown, options: unknown, rest: readonly unknown[]): string | null {
  if (typeof key !== 'string' || rest.length > 0) return null;
  if (options === undefined) return `${language}\u0000${key}`;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return null;
  const parts = [language, key];
  for (const name of Object.keys(options).sort()) {
    const value: unknown = (options as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (isPrimitive(value)) parts.push(`${name}=${typeof value}:${String(value)}`);
    else if (Array.isArray(value) && value.every(isPrimitive)) parts.push(`${name}=[${value.map(String).join('\u0001')}]`);
    else return null;
  }
  return parts.join('\u0000');
}

/**
 * Remembers what the translator returned for a key and its options (issue 14 item 2). The texts
 * are a pure function of the language, the key and the options while the resources stay as they
 * are, and i18next's `t` is general (plural rules, nesting, interpolation, formatters): the inbox
 * asks for the same few texts for every row that scrolls into view and every mention that moves
 * one, and the social bench's CPU profile put about a sixth of a scroll's render in `t`. A change
 * of language or of the resources forgets everything; so does reaching the limit.
 */
export function rememberTranslations(instance: i18n): void {
  const translate = instance.t.bind(instance) as unknown as (...args: unknown[]) => unknown;
  let remembered = new Map<string, unknown>();
  const forget = () => {
    remembered = new Map();
  };
  instance.on('languageChanged', forget);
  instance.store.on('added', forget);
  instance.store.on('removed', forget);
  const remembering = (key: unknown, options?: unknown, ...rest: unknown[]): unknown => {
    const id = callKey(instance.language, key, options, rest);
    if (id === null) return translate(key, options, ...rest);
    if (remembered.has(id)) return remembered.get(id);
    const text = translate(key, options);
    if (remembered.size >= TRANSLATION_CACHE_LIMIT) forget();
    remembered.set(id, text);
    return text;
  };
  instance.t = remembering as unknown as i18n['t'];
}
