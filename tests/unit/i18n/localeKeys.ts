/**
 * What a complete locale file is: every English key, with each plural key in
 * exactly the forms the language's plural rules ask i18next for (English
 * `one/other`; Spanish, French, Portuguese `one/many/other`; Arabic
 * `zero/one/two/few/many/other`, from `Intl.PluralRules` as i18next reads
 * them). An optional `_zero` is allowed everywhere: i18next uses it for a
 * count of 0 in any language.
 */

/** `path → text` for every leaf of a locale file. */
export function leaves(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [path, text] of leaves(value as object, `${prefix}${key}.`)) out.set(path, text);
  }
  return out;
}

/** `inbox.count_one` → `{ base: 'inbox.count', form: 'one' }`; a plain key → undefined. */
export function pluralOf(key: string): { base: string; form: string } | undefined {
  const match = /^(.*)_(zero|one|two|few|many|other)$/.exec(key);
  return match?.[1] !== undefined && match[2] !== undefined ? { base: match[1], form: match[2] } : undefined;
}

/** The keys a language must have, derived from English's keys and the language's plural rules. */
export function expectedKeys(englishKeys: Iterable<string>, language: string): { required: Set<string>; optional: Set<string> } {
  const english = new Set(englishKeys);
  const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];
  const required = new Set<string>();
  const optional = new Set<string>();
  for (const key of english) {
    const plural = pluralOf(key);
    // A key is a plural only if English has its `_other`: `foo_one` alone is an ordinary key.
    if (plural === undefined || !english.has(`${plural.base}_other`)) {
      required.add(key);
      continue;
    }
    for (const form of forms) required.add(`${plural.base}_${form}`);
    if (english.has(`${plural.base}_zero`)) required.add(`${plural.base}_zero`);
    else if (!forms.includes('zero')) optional.add(`${plural.base}_zero`);
  }
  return { required, optional };
}

export interface LocaleGaps {
  language: string;
  missing: string[];
  stray: string[];
}

/** Missing and stray keys of one locale file against English. */
export function localeGaps(english: object, translated: object, language: string): LocaleGaps {
  const { required, optional } = expectedKeys(leaves(english).keys(), language);
  const present = new Set(leaves(translated).keys());
  return {
    language,
    missing: [...required].filter((key) => !present.has(key)).sort(),
    stray: [...present].filter((key) => !required.has(key) && !optional.has(key)).sort(),
  };
}

/**
 * One readable report for the whole set, so whoever merges new English keys
 * sees per language what still needs translating; empty when all is complete.
 */
export function gapReport(where: string, gaps: readonly LocaleGaps[]): string {
  return gaps
    .filter((gap) => gap.missing.length > 0 || gap.stray.length > 0)
    .map((gap) =>
      [
        `${where} ${gap.language}:`,
        ...(gap.missing.length > 0 ? [`  missing ${gap.missing.length}:`, ...gap.missing.map((key) => `    ${key}`)] : []),
        ...(gap.stray.length > 0 ? [`  not in English ${gap.stray.length}:`, ...gap.stray.map((key) => `    ${key}`)] : []),
      ].join('\n'),
    )
    .join('\n');
}

/** Variables and Trans tags a text uses: `{{count, number}}` → `count`, `<target>`. */
export function placeholders(text: string): string[] {
  const names = [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => `{{${m[1] ?? ''}}}`);
  const tags = [...text.matchAll(/<\/?\w+>/g)].map((m) => m[0]);
  return [...new Set([...names, ...tags])].sort();
}
