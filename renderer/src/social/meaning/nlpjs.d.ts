// nlp.js language packages ship no types; this declares the part Tandem uses (v4.26, src/index.js of each).
declare module '@nlpjs/lang-es' {
  /** The sentiment data a language package exports (`sentiment/sentiment_<lang>.js`). */
  export interface SentimentData {
    /** Senticon: stem → -1 … 1. */
    readonly senticon?: Readonly<Record<string, number>>;
    /** AFINN: word or stem → -5 … 5. */
    readonly afinn?: Readonly<Record<string, number>>;
    /** Pattern: stem → -1 … 1. */
    readonly pattern?: Readonly<Record<string, number>>;
    readonly negations: { readonly words: readonly string[] };
  }
  export const SentimentEs: SentimentData;
  export class StopwordsEs {
    isStopword(word: string): boolean;
  }
  export class StemmerEs {
    stem(word: string): string;
  }
}
declare module '@nlpjs/lang-pt' {
  import type { SentimentData } from '@nlpjs/lang-es';
  export const SentimentPt: SentimentData;
  export class StopwordsPt {
    isStopword(word: string): boolean;
  }
  export class StemmerPt {
    stem(word: string): string;
  }
}
declare module '@nlpjs/lang-fr' {
  import type { SentimentData } from '@nlpjs/lang-es';
  export const SentimentFr: SentimentData;
  export class StopwordsFr {
    isStopword(word: string): boolean;
  }
  export class StemmerFr {
    stem(word: string): string;
  }
}
declare module '@nlpjs/lang-ar' {
  import type { SentimentData } from '@nlpjs/lang-es';
  export const SentimentAr: SentimentData;
  export class StopwordsAr {
    isStopword(word: string): boolean;
  }
}
