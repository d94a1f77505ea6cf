/**
 * How urgently a conversation needs an agent, from 0 to 100. Three things
 * push it up, each capped so no single one can dominate:
 *
 * - negative sentiment (up to 45): an angry customer in public hurts most;
 * - the author's reach (up to 25): log-scaled followers, so 100 → 10 000 → 1 000 000 are even steps;
 * - time waiting for us (up to 30): linear over the first four hours.
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
}

export type PriorityLevel = 'urgent' | 'high' | 'normal' | 'low';

export interface Priority {
  readonly score: number;
  readonly level: PriorityLevel;
}

const SENTIMENT_WEIGHT = 45;
const REACH_WEIGHT = 25;
const WAITING_WEIGHT = 30;
/** 10^6 followers is as loud as it gets for the score. */
const REACH_CEILING_LOG10 = 6;
const WAITING_CEILING_MS = 4 * 60 * 60 * 1000;

const clamp01 = (value: number) => Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));

export function priorityScore({ sentiment, followers, waitingMs }: PriorityInput): number {
  // -5 → 1, 0 → 0, positive → 0.
  const negativity = clamp01(-sentiment / 5);
  const reach = clamp01(Math.log10(1 + Math.max(0, followers ?? 0)) / REACH_CEILING_LOG10);
  const waiting = clamp01(waitingMs / WAITING_CEILING_MS);
  return Math.round(SENTIMENT_WEIGHT * negativity + REACH_WEIGHT * reach + WAITING_WEIGHT * waiting);
}

export function priorityLevel(score: number): PriorityLevel {
  if (score >= 60) return 'urgent';
  if (score >= 40) return 'high';
  if (score >= 15) return 'normal';
  return 'low';
}

export function priorityOf(input: PriorityInput): Priority {
  const score = priorityScore(input);
  return { score, level: priorityLevel(score) };
}
