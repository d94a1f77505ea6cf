/** The sentiment data an nlp.js language package exports (`sentiment/sentiment_<lang>.js`). */
export interface NlpSentimentData {
  /** Senticon: stem → -1 … 1. */
  readonly senticon?: Readonly<Record<string, number>>;
  /** AFINN: word or stem → -5 … 5. */
  readonly afinn?: Readonly<Record<string, number>>;
  /** Pattern: stem → -1 … 1. */
  readonly pattern?: Readonly<Record<string, number>>;
  readonly negations: { readonly words: readonly string[] };
  /** Whether the keys are stems. */
  readonly stemmed?: boolean;
}

/** An nlp.js language's stop words (`stopwords-<lang>.js`). */
export interface NlpStopwords {
  isStopword(word: string): boolean;
}
