import emoji from './cues/emoji.json';
import { cuesIn } from './cueMatch';
import type { CueList, EscalationKind } from './cueLists';
import { emojiOf } from './normalise';

/**
 * Signs that a customer is about to hurt the brand or has run out of patience:
 * the cue lists' phrases (going public, leaving, contacting us again, a refund
 * or cancellation demand) and three that need no language: shouting in
 * capitals, repeated punctuation ("?!?!", "!!!"), and angry emoji.
 */
export type EscalationCueKind = EscalationKind | 'shouting' | 'punctuation' | 'angryEmoji';

export interface EscalationCue {
  readonly kind: EscalationCueKind;
  /** What the agent is shown: the phrase, the shouted words, the marks. */
  readonly cue: string;
}

/** One word in capitals is shouting from this many letters ("HDMI" is an acronym; "AGORA" is shouted). */
const SHOUTED_LETTERS = 5;
/** A post mostly in capitals (at least this share of its cased letters) is shouting as a whole. */
const SHOUTED_SHARE = 0.6;
const MIN_CASED_LETTERS = 8;
const REPEATED_PUNCTUATION = /[!?¡¿؟]{3,}|!!/u;
const ANGRY: ReadonlySet<string> = new Set(emoji.angry.map((glyph) => glyph.replace(/\uFE0F/g, '')));

export function escalationCuesIn(text: string, haystack: string, cues: CueList | undefined): EscalationCue[] {
  const found: EscalationCue[] = [];
  if (cues !== undefined) {
    for (const [kind, patterns] of Object.entries(cues.escalation) as [EscalationKind, CueList['escalation'][EscalationKind]][]) {
      for (const cue of cuesIn(haystack, patterns)) found.push({ kind, cue });
    }
  }
  const shouted = shoutedWords(text);
  if (shouted !== null) found.push({ kind: 'shouting', cue: shouted });
  const marks = REPEATED_PUNCTUATION.exec(text);
  if (marks !== null) found.push({ kind: 'punctuation', cue: marks[0] });
  const angry = emojiOf(text).filter((glyph) => ANGRY.has(glyph));
  if (angry.length > 0) found.push({ kind: 'angryEmoji', cue: [...new Set(angry)].join('') });
  return found;
}

/** The shouted words, or null: a word of 5+ capitals, or a post mostly in capitals. */
function shoutedWords(text: string): string | null {
  const words = text.match(/[\p{Lu}\p{Ll}]+/gu) ?? [];
  const upper = words.filter((word) => word.length > 1 && word === word.toLocaleUpperCase());
  const cased = words.join('').length;
  const upperLetters = upper.join('').length;
  const loud = upper.some((word) => word.length >= SHOUTED_LETTERS) || (cased >= MIN_CASED_LETTERS && upperLetters / cased >= SHOUTED_SHARE);
  return loud && upper.length > 0 ? upper.slice(0, 4).join(' ') : null;
}
