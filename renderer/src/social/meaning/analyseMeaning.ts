import { judgeComplaint, type ComplaintReason } from './complaint';
import { cuesFor } from './cueLists';
import { escalationCuesIn, type EscalationCue } from './escalationCues';
import { detectLanguage, type LanguageGuess } from './language';
import { normaliseForCues } from './normalise';
import { MAX_SCORED_CHARS, polarityOf, type Polarity } from './polarity';

/**
 * What a customer's post means for the desk: its language, word polarity,
 * whether it is a complaint and why, and how close to escalating it is. Pure
 * and synchronous; a post is judged on its first `MAX_SCORED_CHARS`
 * characters, so a 10 kB post costs the same as a 3 kB one.
 */
/** franc's trigram count grows with the text; a post's opening tells its language as well as its whole. */
const LANGUAGE_SAMPLE_CHARS = 600;

export type Tone = 'negative' | 'neutral' | 'positive';

export interface Meaning {
  readonly language: LanguageGuess;
  readonly polarity: Polarity;
  readonly complaint: boolean;
  readonly reasons: readonly ComplaintReason[];
  readonly escalation: readonly EscalationCue[];
  readonly troll: boolean;
  /** Complaints and mockery read negative whatever their words; otherwise the polarity decides. */
  readonly tone: Tone;
}

/** Thresholds on the polarity score: ±1 is roughly "one mildly coloured word". */
export function toneOfScore(score: number): Tone {
  if (score <= -1) return 'negative';
  if (score >= 1) return 'positive';
  return 'neutral';
}

export function analyseMeaning(text: string, langs: readonly string[] = []): Meaning {
  const judged = text.slice(0, MAX_SCORED_CHARS);
  const language = detectLanguage(judged.slice(0, LANGUAGE_SAMPLE_CHARS), langs);
  const cues = language.language === null ? undefined : cuesFor(language.language);
  const polarity = polarityOf(judged, language.language);
  const haystack = normaliseForCues(judged);
  const escalation = escalationCuesIn(judged, haystack, cues);
  const judgement = judgeComplaint(haystack, cues, polarity, escalation);
  const score = polarity.available ? polarity.score : 0;
  const tone: Tone = judgement.complaint || (judgement.troll && score < 1) ? 'negative' : toneOfScore(score);
  return { language, polarity, complaint: judgement.complaint, reasons: judgement.reasons, escalation, troll: judgement.troll, tone };
}
