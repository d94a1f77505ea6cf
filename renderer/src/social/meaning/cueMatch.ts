import { normaliseForCues } from './normalise';

/**
 * A cue phrase ready to look for in a normalised post. A phrase matches whole
 * words ("late" does not match "chocolate"); written `*phrase*` it matches
 * anywhere, which Arabic needs for its attached prefixes (و, ف, ب, ال);
 * `phrase*` matches the start of a word.
 */
export interface CuePattern {
  /** As the list wrote it, shown to the agent. */
  readonly cue: string;
  readonly needle: string;
  readonly anywhere: boolean;
}

export function compileCue(cue: string): CuePattern | null {
  const anywhere = cue.startsWith('*');
  const prefix = cue.endsWith('*');
  const body = normaliseForCues(cue.replace(/^\*|\*$/g, '')).trim();
  if (body === '') return null;
  const shown = cue.replace(/^\*|\*$/g, '');
  if (anywhere) return { cue: shown, needle: body, anywhere: true };
  return { cue: shown, needle: prefix ? ` ${body}` : ` ${body} `, anywhere: false };
}

export function compileCues(cues: readonly string[]): CuePattern[] {
  return cues.flatMap((cue) => compileCue(cue) ?? []);
}

/** The cues found in `haystack` (from `normaliseForCues`), each once, in list order. */
export function cuesIn(haystack: string, patterns: readonly CuePattern[]): string[] {
  const found: string[] = [];
  for (const pattern of patterns) {
    if (haystack.includes(pattern.needle) && !found.includes(pattern.cue)) found.push(pattern.cue);
  }
  return found;
}
