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

/** The cue files Tandem ships, as written; each is parsed like a team's on its first use (`shippedList`), so a bad edit fails a test. */
const SHIPPED_FILES: Readonly<Record<string, unknown>> = { en, es, pt, fr, ar };

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

/**
 * Parsed and compiled per language on first use, not when the bundle is
 * evaluated: a reload's CPU profile had the shipped lists' parse and compile
 * among the work before the inbox's first row, and compiled again when the
 * settings arrived, for a team with no cues of its own.
 */
const shipped = new Map<string, CueListExtension>();
let extensions: CueExtensions = {};
let compiled = new Map<string, CueList>();

const shippedList = (language: string): CueListExtension | undefined => {
  const file = Object.hasOwn(SHIPPED_FILES, language) ? SHIPPED_FILES[language] : undefined;
  if (file === undefined) return undefined;
  let list = shipped.get(language);
  if (list === undefined) shipped.set(language, (list = CueListExtension.parse(file)));
  return list;
};

/** The languages with cue lists (shipped, or added by the team's profile). */
export const cueLanguages = (): string[] => [...new Set([...Object.keys(SHIPPED_FILES), ...Object.keys(extensions)])];

/** The cue lists for a language, or undefined when neither Tandem nor the team has any. */
export function cuesFor(language: string): CueList | undefined {
  const known = compiled.get(language);
  if (known !== undefined) return known;
  const base = shippedList(language);
  const team = Object.hasOwn(extensions, language) ? extensions[language] : undefined;
  if (base === undefined && team === undefined) return undefined;
  const list = compile(base, team);
  compiled.set(language, list);
  return list;
}

/**
 * Appends a team's cues (the profile's `cues`) to the shipped lists. Meaning
 * is judged inside pure folds at ingest, far from the settings store, so the
 * lists are module state set once when the settings arrive; posts judged
 * before that keep their judgement until their next item.
 */
export function extendCues(next: CueExtensions): void {
  // The same lists again (no team cues before or after): nothing to recompile.
  if (Object.keys(next).length === 0 && Object.keys(extensions).length === 0) return;
  extensions = next;
  compiled = new Map();
}
