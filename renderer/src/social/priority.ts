import { toneOf } from './sentiment';

/**
 * How urgently a conversation needs an agent, from 0 to 100. Three things
 * push it up, each capped so no single one can dominate:
 *
 * - negative sentiment (up to 45): full weight from -3 down, because wink's
 *   normalised scores rarely go lower (one "worst" or "furious" is -3, and a
 *   furious post averages about -2 to -3); scaling over -5 made a clear
 *   complaint score like a mild grumble. A judged complaint counts at least
 *   half, an escalating one in full, whatever its words: "third time asking"
 *   has no negative word and is exactly the post not to leave Low (issue 13);
 * - the author's reach (up to 25): log-scaled followers, so 100 → 10 000 → 1 000 000 are even steps;
 * - time waiting for us (up to 30): linear over the first four hours.
 *
 * On top of that, a public complaint (a negative post, when no judgement is given) is never below High: everyone can
 * read it and it spreads while it waits, whoever wrote it. A private complaint
 * is ranked by the sum alone. Urgent still needs reach or waiting time.
 *
 * Positive posts still get a small floor from waiting time, so praise is
 * answered too, just after the complaints.
 */
export interface PriorityInput {
  /** Normalised sentiment, -5 … +5. */
  readonly sentiment: number;
  /** Null when the network doesn't say. */
  readonly followers: number | null;
  /** How long the customer has been waiting for our answer (0 when they are not). */
  readonly waitingMs: number;
  /** Whether everyone can read the conversation. */
  readonly visibility: 'public' | 'private';
  /** The meaning judgement (social/meaning): a complaint, and whether it shows escalation cues. Absent: the sentiment alone decides. */
  readonly complaint?: boolean;
  readonly escalating?: boolean;
}

export type PriorityLevel = 'urgent' | 'high' | 'normal' | 'low';

export interface Priority {
  readonly score: number;
  readonly level: PriorityLevel;
}

const SENTIMENT_WEIGHT = 45;
/** Normalised sentiment at which negativity counts in full. */
const SENTIMENT_FLOOR = -3;
const REACH_WEIGHT = 25;
const WAITING_WEIGHT = 30;
/** 10^6 followers is as loud as it gets for the score. */
const REACH_CEILING_LOG10 = 6;
const WAITING_CEILING_MS = 4 * 60 * 60 * 1000;

const clamp01 = (value: number) => Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));

const URGENT_AT = 60;
const HIGH_AT = 40;
const NORMAL_AT = 15;

/** How much of the sentiment weight a complaint gets at least, and an escalating complaint. */
const COMPLAINT_NEGATIVITY = 0.5;
const ESCALATION_NEGATIVITY = 1;

export function priorityScore({ sentiment, followers, waitingMs, visibility, complaint, escalating }: PriorityInput): number {
  // -3 or lower → 1, 0 → 0, positive → 0.
  const judged = complaint === true ? (escalating === true ? ESCALATION_NEGATIVITY : COMPLAINT_NEGATIVITY) : 0;
  const negativity = Math.max(judged, clamp01(sentiment / SENTIMENT_FLOOR));
  const reach = clamp01(Math.log10(1 + Math.max(0, followers ?? 0)) / REACH_CEILING_LOG10);
  const waiting = clamp01(waitingMs / WAITING_CEILING_MS);
  const score = Math.round(SENTIMENT_WEIGHT * negativity + REACH_WEIGHT * reach + WAITING_WEIGHT * waiting);
  const negative = complaint ?? (Number.isFinite(sentiment) && toneOf(sentiment) === 'negative');
  const publicComplaint = visibility === 'public' && negative;
  return publicComplaint ? Math.max(score, HIGH_AT) : score;
}

/**
 * The inbox's sort key for a conversation whose customer has waited since
 * `since` (issue 14 item 2: the minute tick must not re-sort the inbox). Its
 * score without waiting, plus waiting counted at the score's own rate from a
 * fixed origin: between two waiting conversations the difference is the same
 * at every minute, so the order never changes while time passes and only a
 * changed conversation moves. It agrees with the live score while both wait
 * under four hours; past that the score stops growing but the key does not,
 * so a long-forgotten customer keeps rising (their timer is long red).
 */
export function waitingRank(input: Omit<PriorityInput, 'waitingMs'>, since: number): number {
  return priorityScore({ ...input, waitingMs: 0 }) - (WAITING_WEIGHT * since) / WAITING_CEILING_MS;
}

export function priorityLevel(score: number): PriorityLevel {
  if (score >= URGENT_AT) return 'urgent';
  if (score >= HIGH_AT) return 'high';
  if (score >= NORMAL_AT) return 'normal';
  return 'low';
}

export function priorityOf(input: PriorityInput): Priority {
  const score = priorityScore(input);
  return { score, level: priorityLevel(score) };
}
