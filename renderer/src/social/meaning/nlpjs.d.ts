// nlp.js language packages ship no types; this declares the part Tandem uses (v4.26, src/index.js of each).
declare module '@nlpjs/lang-es' {
  export const SentimentEs: import('./nlpjsTypes').NlpSentimentData;
  export class StopwordsEs {
    isStopword(word: string): boolean;
  }
  export class StemmerEs {
    stem(word: string): string;
  }
}
declare module '@nlpjs/lang-pt' {
  export const SentimentPt: import('./nlpjsTypes').NlpSentimentData;
  export class StopwordsPt {
    isStopword(word: string): boolean;
  }
  export class StemmerPt {
    stem(word: string): string;
  }
}
declare module '@nlpjs/lang-fr' {
  export const SentimentFr: import('./nlpjsTypes').NlpSentimentData;
  export class StopwordsFr {
    isStopword(word: string): boolean;
  }
  export class StemmerFr {
    stem(word: string): string;
  }
}
declare module '@nlpjs/lang-ar' {
  export const SentimentAr: import('./nlpjsTypes').NlpSentimentData;
  export class StopwordsAr {
    isStopword(word: string): boolean;
  }
}
