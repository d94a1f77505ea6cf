import winkSentiment, { type WinkToken } from 'wink-sentiment';
import { NEUTRAL, type Sentiment, type SentimentWord } from '../sentiment';

// wink-sentiment's scoring: loaded with the meaning engine (meaningEngine.ts), not with the desk's first bundle.

/** The most words a score names as its drivers. */
export const MAX_DRIVERS = 5;
/** Longer posts are scored on their beginning: the tokenizer is linear but a 10 000-character post should not stall ingest. */
const MAX_SCORED_CHARS = 3_000;

/**
 * Scores a post with wink-sentiment (AFINN-165 with negation, bigrams, emoji
 * and emoticons) and keeps the tokens that carried a score, so the agent sees
 * why a post reads as angry or happy, not just a number.
 */
export function analyseSentiment(text: string): Sentiment {
  if (text.trim() === '') return NEUTRAL;
  const result = winkSentiment(text.slice(0, MAX_SCORED_CHARS));
  const words = scoredWords(result.tokenizedPhrase ?? []);
  words.sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
  return { score: result.normalizedScore, total: result.score, words: dedupe(words).slice(0, MAX_DRIVERS) };
}

/**
 * The tokens that carry a score, in order, as words; `override` replaces a
 * word's AFINN score (the meaning cue lists' `polarity`), still negated when
 * wink saw a negation before it.
 */
export function scoredWords(tokens: readonly WinkToken[], override: (word: string) => number | undefined = () => undefined): SentimentWord[] {
  const words: SentimentWord[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const part = tokens[i];
    if (part === undefined) continue;
    const value = part.value.toLowerCase();
    const replaced = override(value);
    const score = replaced === undefined ? part.score : part.negation ? -replaced : replaced;
    if (score === undefined || score === 0) continue;
    // A grouped token scores the phrase it starts ("not good" is scored on "not"): show both words.
    const next = part.grouped ? tokens[i + 1] : undefined;
    words.push({ word: next === undefined ? value : `${value} ${next.value.toLowerCase()}`, score });
  }
  return words;
}

function dedupe(words: readonly SentimentWord[]): SentimentWord[] {
  const seen = new Set<string>();
  return words.filter(({ word }) => (seen.has(word) ? false : (seen.add(word), true)));
}
