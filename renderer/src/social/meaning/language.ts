import { francAll } from 'franc-min';
import { cueLanguages, cuesFor } from './cueLists';
import { wordsOf } from './normalise';

/**
 * Which language a post is in, as a BCP 47 primary subtag ("es"), or null
 * when it has no words to tell (emoji only, numbers).
 *
 * The post's own `langs` (Bluesky clients set them) wins. Otherwise a script
 * decides what it can (Arabic letters are Arabic here; it is the right-to-left
 * language Tandem ships), and franc's trigram guess decides among the others,
 * helped by each cue list's frequent words: franc alone is unreliable on
 * posts this short ("Do you ship to Canada?" reads as Portuguese to it).
 */
export interface LanguageGuess {
  readonly language: string | null;
  readonly source: 'post' | 'script' | 'guess' | 'none';
}

/** franc's ISO 639-3 codes for languages we may meet, mapped to the subtags the rest of Tandem uses. */
const FRANC_TO_SUBTAG: Readonly<Record<string, string>> = {
  eng: 'en',
  spa: 'es',
  por: 'pt',
  fra: 'fr',
  arb: 'ar',
  deu: 'de',
  ita: 'it',
  nld: 'nl',
  pol: 'pol',
  tur: 'tr',
  rus: 'ru',
  ukr: 'uk',
  swe: 'sv',
  cat: 'ca',
  ron: 'ro',
};
const FRANC_ONLY = Object.keys(FRANC_TO_SUBTAG);
/** One frequent word of a language is worth this much of franc's 0…1 score. */
const COMMON_WORD_WEIGHT = 0.3;
/** A language the desk has cue lists for is the likelier reading of a short post. */
const CUE_LANGUAGE_PRIOR = 0.2;

const primary = (tag: string) => tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';

export function detectLanguage(text: string, langs: readonly string[] = []): LanguageGuess {
  const declared = langs.map(primary).find((tag) => /^[a-z]{2,3}$/.test(tag));
  if (declared !== undefined) return { language: declared, source: 'post' };
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return { language: null, source: 'none' };
  const arabic = letters.filter((letter) => /\p{Script=Arabic}/u.test(letter)).length;
  if (arabic * 2 > letters.length) return { language: 'ar', source: 'script' };
  const latin = letters.filter((letter) => /\p{Script=Latin}/u.test(letter)).length;
  if (latin * 2 <= letters.length) {
    const [best] = francAll(text, { minLength: 1, only: FRANC_ONLY });
    const language = best === undefined ? undefined : FRANC_TO_SUBTAG[best[0]];
    return language === undefined ? { language: null, source: 'none' } : { language, source: 'guess' };
  }
  const words = wordsOf(text);
  const scores = new Map<string, number>();
  // franc's trigrams are lower case: "I LOVE IT" would read as Turkish.
  for (const [code, score] of francAll(text.toLocaleLowerCase(), { minLength: 1, only: FRANC_ONLY })) {
    const language = FRANC_TO_SUBTAG[code];
    if (language !== undefined) scores.set(language, score);
  }
  for (const language of cueLanguages()) {
    const common = cuesFor(language)?.common;
    if (common === undefined || common.size === 0) continue;
    const hits = words.filter((word) => common.has(word)).length;
    scores.set(language, (scores.get(language) ?? 0) + CUE_LANGUAGE_PRIOR + COMMON_WORD_WEIGHT * hits);
  }
  let best: string | null = null;
  let bestScore = -Infinity;
  for (const [language, score] of scores) {
    if (score > bestScore) [best, bestScore] = [language, score];
  }
  return { language: best, source: best === null ? 'none' : 'guess' };
}
