import { NEAR_TARGET, waitingTone, type QueueConversation, type ResponseTargets, type WaitingTone } from '@tandem/contract';
import { analyseMeaning, type Tone } from '../social/meaning/analyseMeaning';

/** A queue row with what the page reads into it: its sentiment, by the inbox's own reader. */
export interface JudgedConversation {
  readonly conversation: QueueConversation;
  readonly tone: Tone;
  /** The polarity score, -5 … +5; null when the language has no lexicon. */
  readonly score: number | null;
}

/** Each text judged once: the queue is read every few seconds and most rows do not change. */
const judged = new Map<string, { readonly text: string; readonly tone: Tone; readonly score: number | null }>();
const JUDGED_KEPT = 2000;

export function judge(conversation: QueueConversation): JudgedConversation {
  const cached = judged.get(conversation.id);
  if (cached !== undefined && cached.text === conversation.text) return { conversation, tone: cached.tone, score: cached.score };
  const meaning = analyseMeaning(conversation.text, conversation.langs);
  const result = { text: conversation.text, tone: meaning.tone, score: meaning.polarity.available ? meaning.polarity.score : null };
  if (judged.size >= JUDGED_KEPT) judged.clear();
  judged.set(conversation.id, result);
  return { conversation, tone: result.tone, score: result.score };
}

/**
 * The queue in the supervisor's order: negative posts first, then the
 * longest waiting, then the rest by when the customer first wrote. Pure.
 */
export function queueOrder(rows: readonly JudgedConversation[]): JudgedConversation[] {
  const negative = (row: JudgedConversation) => (row.tone === 'negative' ? 0 : 1);
  const waiting = (row: JudgedConversation) => row.conversation.waitingSince ?? Number.POSITIVE_INFINITY;
  return [...rows].sort((a, b) => negative(a) - negative(b) || waiting(a) - waiting(b) || a.conversation.firstAt - b.conversation.firstAt);
}

/**
 * First response against the channel's target: answered (how long it took),
 * or still waiting for it (how long so far); `tone` says whether it is near
 * or over the target. A conversation answered once and written to again is
 * judged on its first response: the inbox's own timer shows the new wait.
 */
export type FirstResponse =
  | { readonly kind: 'answered'; readonly ms: number; readonly targetMs: number; readonly tone: WaitingTone }
  | { readonly kind: 'waiting'; readonly ms: number; readonly targetMs: number; readonly tone: WaitingTone };

export function firstResponse(conversation: QueueConversation, targets: ResponseTargets, now: number): FirstResponse {
  const targetMs = targets[conversation.visibility];
  if (conversation.firstResponseAt !== null) {
    const ms = Math.max(0, conversation.firstResponseAt - conversation.firstAt);
    return { kind: 'answered', ms, targetMs, tone: ms > targetMs ? 'over' : 'calm' };
  }
  const ms = Math.max(0, now - conversation.firstAt);
  return { kind: 'waiting', ms, targetMs, tone: waitingTone(ms, targetMs) };
}

/**
 * The instants at which some row's first response turns near or over its
 * target, while still unanswered: the queue's clock wakes at exactly these
 * (ui/useJudgingNow.ts). Rounded up to the millisecond, so the clock stands
 * on or after the threshold, never a fraction before it.
 */
export function responseThresholds(conversations: readonly QueueConversation[], targets: ResponseTargets): number[] {
  return conversations.flatMap((conversation) => {
    if (conversation.firstResponseAt !== null) return [];
    const targetMs = targets[conversation.visibility];
    return [conversation.firstAt + Math.ceil(targetMs * NEAR_TARGET), conversation.firstAt + targetMs];
  });
}

/** The customer who has waited longest for us now, if anyone waits. */
export function oldestWaiting(conversations: readonly QueueConversation[]): QueueConversation | undefined {
  let oldest: QueueConversation | undefined;
  for (const conversation of conversations) {
    if (conversation.waitingSince === null) continue;
    if (oldest?.waitingSince == null || conversation.waitingSince < oldest.waitingSince) oldest = conversation;
  }
  return oldest;
}
