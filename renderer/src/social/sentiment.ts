/*
 * What a post's sentiment is and how it reads, without the lexicons: the inbox, its rows and the
 * decision tree use these types and thresholds, and must not pull the meaning engine (wink-sentiment,
 * nlp.js, franc) into the desk's first bundle. Scoring lives in `meaning/wordScores.ts`.
 */

/** A word (or emoji, emoticon, hashtag) that moved the score, with its own contribution. */
export interface SentimentWord {
  readonly word: string;
  readonly score: number;
}

export interface Sentiment {
  /** wink-sentiment's normalised score, -5 (very negative) … +5 (very positive). */
  readonly score: number;
  /** The raw sum of the token scores. */
  readonly total: number;
  /** The words that drove the score, strongest first (at most `MAX_DRIVERS`). */
  readonly words: readonly SentimentWord[];
}

export const NEUTRAL: Sentiment = { score: 0, total: 0, words: [] };

export type SentimentTone = 'negative' | 'neutral' | 'positive';

/** Thresholds on the normalised score: ±1 is roughly "one mildly coloured word". */
export function toneOf(score: number): SentimentTone {
  if (score <= -1) return 'negative';
  if (score >= 1) return 'positive';
  return 'neutral';
}
