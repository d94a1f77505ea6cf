import { CueListExtension, EscalationKinds, type CueExtensions } from '@tandem/contract';
import ar from './cues/ar.json';
import en from './cues/en.json';
import es from './cues/es.json';
import fr from './cues/fr.json';
import pt from './cues/pt.json';
import { compileCues, type CuePattern } from './cueMatch';

export type EscalationKind = (typeof EscalationKinds)[number];

/** One language's cue lists, compiled for matching. */
export interface CueList {
  readonly problem: readonly CuePattern[];
  readonly sarcasm: readonly CuePattern[];
  readonly resolved: readonly CuePattern[];
  readonly troll: readonly CuePattern[];
  readonly escalation: Readonly<Record<EscalationKind, readonly CuePattern[]>>;
  readonly negations: ReadonlySet<string>;
  readonly common: ReadonlySet<string>;
  readonly polarity: ReadonlyMap<string, number>;
}

/** The languages Tandem ships cue lists for; the shipped files are parsed like a team's, so a bad edit fails a test. */
const SHIPPED: Readonly<Record<string, CueListExtension>> = {
  en: CueListExtension.parse(en),
  es: CueListExtension.parse(es),
  pt: CueListExtension.parse(pt),
  fr: CueListExtension.parse(fr),
  ar: CueListExtension.parse(ar),
};

const lower = (word: string) => word.normalize('NFKC').toLocaleLowerCase();

function compile(...lists: readonly (CueListExtension | undefined)[]): CueList {
  const all = <T>(pick: (list: CueListExtension) => readonly T[] | undefined) => lists.flatMap((list) => (list === undefined ? [] : (pick(list) ?? [])));
  const escalation = Object.fromEntries(EscalationKinds.map((kind) => [kind, compileCues(all((list) => list.escalation?.[kind]))])) as Record<
    EscalationKind,
    CuePattern[]
  >;
  const polarity = new Map<string, number>();
  for (const list of lists) for (const [word, score] of Object.entries(list?.polarity ?? {})) polarity.set(lower(word), score);
  return {
    problem: compileCues(all((list) => list.problem)),
    sarcasm: compileCues(all((list) => list.sarcasm)),
    resolved: compileCues(all((list) => list.resolved)),
    troll: compileCues(all((list) => list.troll)),
    escalation,
    negations: new Set(all((list) => list.negations).map(lower)),
    common: new Set(all((list) => list.common).map(lower)),
    polarity,
  };
}

let compiled = new Map<string, CueList>(Object.entries(SHIPPED).map(([language, list]) => [language, compile(list)]));

/** The languages with cue lists (shipped, or added by the team's profile). */
export const cueLanguages = (): string[] => [...compiled.keys()];

/** The cue lists for a language, or undefined when neither Tandem nor the team has any. */
export const cuesFor = (language: string): CueList | undefined => compiled.get(language);

/**
 * Appends a team's cues (the profile's `cues`) to the shipped lists. Meaning
 * is judged inside pure folds at ingest, far from the settings store, so the
 * lists are module state set once when the settings arrive; posts judged
 * before that keep their judgement until their next item.
 */
export function extendCues(extensions: CueExtensions): void {
  const languages = new Set([...Object.keys(SHIPPED), ...Object.keys(extensions)]);
  compiled = new Map([...languages].map((language) => [language, compile(SHIPPED[language], extensions[language])]));
}
