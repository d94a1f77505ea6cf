// wink-sentiment ships no types; this declares the part Tandem uses (v5, src/wink-sentiment.js).
declare module 'wink-sentiment' {
  export interface WinkToken {
    readonly value: string;
    /** wink-tokenizer's tag: word, emoji, emoticon, hashtag, punctuation, url, mention… */
    readonly tag: string;
    /** Present only on tokens that carry sentiment, from -5 to +5 (already negated when `negation`). */
    readonly score?: number;
    readonly negation?: boolean;
    /** The token starts a two-word phrase scored as one (AFINN bigrams). */
    readonly grouped?: number;
  }
  export interface WinkSentiment {
    /** Sum of the token scores. */
    readonly score: number;
    /** Normalised to -5…+5, adjusted for the length of the text. */
    readonly normalizedScore: number;
    /** Missing when the text had no tokens at all. */
    readonly tokenizedPhrase?: readonly WinkToken[];
  }
  export default function sentiment(phrase: string): WinkSentiment;
}
