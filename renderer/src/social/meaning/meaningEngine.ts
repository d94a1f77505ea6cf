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

/** Judged once, while the page is idle, to warm the engine: never shown, never stored. */
const WARM_UP_POST = 'ok, thanks';

/**
 * Loads the engine and, in a later idle slot, judges one short post in the desk's language: the first
 * real judgement then finds the engine's functions compiled and that language's lexicon built (the first
 * judgement after a load took 14 ms, the next ones 0.3–2.4: `analyseMeaning` in Node here). Each step
 * waits for its own idle slot, so neither holds a frame the agent is using.
 */
export async function warmMeaning(load: () => Promise<Analyse>, idle: (work: () => void) => void, language: string): Promise<void> {
  await new Promise<void>((resolve) => idle(resolve));
  const analyse = await load();
  await new Promise<void>((resolve) =>
    idle(() => {
      analyse(WARM_UP_POST, [language]);
      resolve();
    }),
  );
}
