import { SentimentAr, StopwordsAr } from '@nlpjs/lang-ar';
import { SentimentEs, StemmerEs, StopwordsEs, type SentimentData } from '@nlpjs/lang-es';
import { SentimentFr, StemmerFr, StopwordsFr } from '@nlpjs/lang-fr';
import { SentimentPt, StemmerPt, StopwordsPt } from '@nlpjs/lang-pt';
import winkSentiment from 'wink-sentiment';
import emoji from './cues/emoji.json';
import { MAX_DRIVERS, scoredWords } from './wordScores';
import { cuesFor } from './cueLists';
import { emojiOf, wordsOf } from './normalise';

/**
 * How positive or negative a post's words are, -5 … +5, with the words that
 * moved it. English is scored by wink-sentiment (AFINN-165 with negation,
 * bigrams and emoji); Spanish, Portuguese, French and Arabic by nlp.js's
 * lexicons (Senticon, AFINN, Pattern) looked up through its stemmers. The cue
 * lists' `polarity` words win over both: the lexicons are general-purpose and
 * read a customer's "lol"/"joke" or "piada" as cheerful.
 *
 * nlp.js's own SentimentAnalyzer is asynchronous and returns no per-word
 * detail, so Tandem uses its data and stemmers and scores synchronously here
 * (the fold that calls this runs once per ingested item).
 */
export interface PolarityWord {
  readonly word: string;
  readonly score: number;
}

export type Polarity =
  | { readonly available: true; readonly score: number; readonly words: readonly PolarityWord[] }
  /** No lexicon for the language: the desk says so instead of showing a neutral 0. */
  | { readonly available: false; readonly language: string };

/** A long post is scored on its beginning: a 10 000-character post must not stall ingest. */
export const MAX_SCORED_CHARS = 3_000;
/** Words after a negation whose polarity flips ("no me gustó nada"). */
const NEGATION_REACH = 3;
const SCORE_LIMIT = 5;

interface Lexicon {
  /** Lexicon score of a word, already on the -5 … +5 scale; undefined when it has none. */
  readonly scoreOf: (word: string) => number | undefined;
  readonly negations: readonly string[];
}

/**
 * Senticon and Pattern grade -1 … 1; AFINN -5 … 5. Looked up by stem, a
 * lexicon also hits words it never meant ("con" shares a stem with an
 * insult, "agente" with a mildly negative word), so stop words are skipped
 * and graded entries weaker than `MIN_GRADE` (half of Senticon, mostly
 * such accidents) are ignored.
 */
const MIN_GRADE = 0.5;

function nlpLexicon(data: SentimentData, stem: (word: string) => string, stopwords: { isStopword(word: string): boolean }): Lexicon {
  return {
    scoreOf(word) {
      if (stopwords.isStopword(word)) return undefined;
      const stemmed = stem(word);
      const graded = data.senticon?.[stemmed] ?? data.pattern?.[stemmed];
      if (graded !== undefined) return Math.abs(graded) > MIN_GRADE ? graded * SCORE_LIMIT : undefined;
      return data.afinn?.[stemmed] ?? data.afinn?.[word];
    },
    negations: data.negations.words,
  };
}

const stemmer = (instance: { stem(word: string): string }) => (word: string) => instance.stem(word);

const LEXICONS: Readonly<Record<string, () => Lexicon>> = {
  es: () => nlpLexicon(SentimentEs, stemmer(new StemmerEs()), new StopwordsEs()),
  pt: () => nlpLexicon(SentimentPt, stemmer(new StemmerPt()), new StopwordsPt()),
  fr: () => nlpLexicon(SentimentFr, stemmer(new StemmerFr()), new StopwordsFr()),
  // Arabic AFINN lists whole words; its stemmer would miss them.
  ar: () => nlpLexicon(SentimentAr, (word) => word, new StopwordsAr()),
};
const built = new Map<string, Lexicon>();
const lexiconFor = (language: string): Lexicon | undefined => {
  const make = LEXICONS[language];
  if (make === undefined) return undefined;
  const lexicon = built.get(language) ?? make();
  built.set(language, lexicon);
  return lexicon;
};

const EMOJI_POLARITY: ReadonlyMap<string, number> = new Map(Object.entries(emoji.polarity).map(([glyph, score]) => [glyph.replace(/\uFE0F/g, ''), score]));

/** Polarity languages: English (wink) and every nlp.js lexicon bundled. */
export const polarityLanguages = (): string[] => ['en', ...Object.keys(LEXICONS)];

/**
 * `language` null means the post has no words (emoji only): its emoji are
 * scored whatever the language.
 */
export function polarityOf(text: string, language: string | null): Polarity {
  const scored = text.slice(0, MAX_SCORED_CHARS);
  if (scored.trim() === '') return { available: true, score: 0, words: [] };
  if (language === 'en') return englishPolarity(scored);
  const words: PolarityWord[] = emojiOf(scored).flatMap((glyph) => {
    const score = EMOJI_POLARITY.get(glyph);
    return score === undefined || score === 0 ? [] : [{ word: glyph, score }];
  });
  if (language === null) return summarise(words);
  const lexicon = lexiconFor(language);
  if (lexicon === undefined) return { available: false, language };
  const cues = cuesFor(language);
  const negations = new Set([...lexicon.negations, ...(cues?.negations ?? [])]);
  let negatedFor = 0;
  for (const word of wordsOf(scored)) {
    if (negations.has(word)) {
      negatedFor = NEGATION_REACH;
      continue;
    }
    const score = cues?.polarity.get(word) ?? lexicon.scoreOf(word);
    const sign = negatedFor > 0 ? -1 : 1;
    negatedFor = Math.max(0, negatedFor - 1);
    if (score === undefined || score === 0) continue;
    words.push({ word: sign < 0 ? `¬${word}` : word, score: sign * score });
  }
  return summarise(words);
}

/** wink's tokens, with the cue list's polarity words overriding its AFINN scores. */
function englishPolarity(text: string): Polarity {
  const overrides = cuesFor('en')?.polarity;
  return summarise(scoredWords(winkSentiment(text).tokenizedPhrase ?? [], (word) => overrides?.get(word)));
}

/** The mean contribution of the scored words, like wink's normalised score, and the strongest drivers. */
function summarise(words: readonly PolarityWord[]): Polarity {
  if (words.length === 0) return { available: true, score: 0, words: [] };
  const total = words.reduce((sum, word) => sum + word.score, 0);
  const score = Math.max(-SCORE_LIMIT, Math.min(SCORE_LIMIT, total / words.length));
  const seen = new Set<string>();
  const drivers = [...words]
    .sort((a, b) => Math.abs(b.score) - Math.abs(a.score))
    .filter(({ word }) => (seen.has(word) ? false : (seen.add(word), true)))
    .slice(0, MAX_DRIVERS);
  return { available: true, score: Math.round(score * 100) / 100, words: drivers };
}
