import { cuesIn } from './cueMatch';
import type { CueList } from './cueLists';
import type { EscalationCue } from './escalationCues';
import type { Polarity } from './polarity';

/**
 * Is this post a complaint, one the desk must handle? A judgement with its
 * reasons, so the agent sees why (as with the sentiment drivers):
 *
 * ```
 * a "resolved" cue, no escalation, words not negative? ── yes ─▶ not a complaint (thanks for a fix)
 *        │ no
 * a problem or sarcasm cue, or an escalation cue other than shouting/!!! ── yes ─▶ complaint
 *        │ no
 * mockery ("lol", "joke") and nothing to fix? ── yes ─▶ not a complaint (a troll)
 *        │ no
 * negative words (polarity ≤ -1), or shouting/!!! with words not positive? ── yes ─▶ complaint
 *        │ no
 * ─▶ not a complaint
 * ```
 *
 * Word polarity alone misses the posts that matter most ("third time asking",
 * "I will post about this everywhere" have no negative word), which is why
 * cues come first (issue 13).
 */
export interface ComplaintReason {
  readonly kind: 'problem' | 'sarcasm' | 'escalation' | 'negativeWords';
  readonly cue: string;
}

export interface ComplaintJudgement {
  readonly complaint: boolean;
  /** Why it is (or, for a troll or a fixed problem, why it is not) a complaint. */
  readonly reasons: readonly ComplaintReason[];
  /** Mockery with nothing to fix. */
  readonly troll: boolean;
  /** The customer says the problem is over. */
  readonly resolved: boolean;
}

const NEGATIVE_AT = -1;
const WEAK_ESCALATION = new Set<EscalationCue['kind']>(['shouting', 'punctuation']);

export function judgeComplaint(haystack: string, cues: CueList | undefined, polarity: Polarity, escalation: readonly EscalationCue[]): ComplaintJudgement {
  const score = polarity.available ? polarity.score : 0;
  const problem = cues === undefined ? [] : cuesIn(haystack, cues.problem);
  const sarcasm = cues === undefined ? [] : cuesIn(haystack, cues.sarcasm);
  const resolved = cues === undefined ? [] : cuesIn(haystack, cues.resolved);
  const troll = cues === undefined ? [] : cuesIn(haystack, cues.troll);
  const strong = escalation.filter((cue) => !WEAK_ESCALATION.has(cue.kind));
  const weak = escalation.filter((cue) => WEAK_ESCALATION.has(cue.kind));
  const reasons: ComplaintReason[] = [
    ...problem.map((cue) => ({ kind: 'problem' as const, cue })),
    ...sarcasm.map((cue) => ({ kind: 'sarcasm' as const, cue })),
    ...strong.map(({ cue }) => ({ kind: 'escalation' as const, cue })),
  ];
  if (resolved.length > 0 && strong.length === 0 && score > NEGATIVE_AT) return { complaint: false, reasons, troll: false, resolved: true };
  if (reasons.length > 0) return { complaint: true, reasons, troll: false, resolved: false };
  if (troll.length > 0) return { complaint: false, reasons: [], troll: true, resolved: false };
  const negativeWords = polarity.available
    ? polarity.words.filter((word) => word.score < 0).map(({ word }) => ({ kind: 'negativeWords' as const, cue: word }))
    : [];
  if (score <= NEGATIVE_AT) return { complaint: true, reasons: negativeWords, troll: false, resolved: false };
  if (weak.length > 0 && score <= 0)
    return { complaint: true, reasons: weak.map(({ cue }) => ({ kind: 'escalation' as const, cue })), troll: false, resolved: false };
  return { complaint: false, reasons: [], troll: false, resolved: false };
}
