import type { Meaning } from './analyseMeaning';

/** `analyseMeaning`'s shape: what the fold and the screen pop are given once the engine is in. */
export type Analyse = (text: string, langs?: readonly string[]) => Meaning;

/**
 * The engine's chunk could not be fetched: the host went away mid-fetch, or (a browser-host tab
 * open across an upgrade) a newer build replaced the files. The desk says so and offers a reload
 * (`SocialProblemAlert`); what could not be judged stays in the journal and is taken again.
 */
export class MeaningEngineUnavailable extends Error {
  constructor(cause: unknown) {
    super('the meaning engine could not be loaded', { cause });
    this.name = 'MeaningEngineUnavailable';
  }
}

/**
 * The meaning engine (franc's language guess, wink-sentiment's and nlp.js's lexicons, the cue
 * lists' matchers) is a chunk of its own, about a third of the desk's script: the first screen
 * (the inbox's stored rows, their stored judgements) never runs it, and every reload compiled
 * and evaluated it before the first row. It is loaded when something must judge a post (an
 * ingest with new posts, a pop showing a post judged before issue 13), and warmed once the desk
 * has painted (main.tsx), so neither waits for it in practice.
 *
 * A failed load is not remembered: the next caller asks again.
 */
export function createMeaningLoader(load: () => Promise<{ readonly analyseMeaning: Analyse }>): () => Promise<Analyse> {
  let loading: Promise<Analyse> | null = null;
  return () => {
    loading ??= load().then(
      (engine) => engine.analyseMeaning,
      (error: unknown) => {
        loading = null;
        throw new MeaningEngineUnavailable(error);
      },
    );
    return loading;
  };
}

/** The desk's one engine. */
export const loadMeaning = createMeaningLoader(() => import('./analyseMeaning'));
