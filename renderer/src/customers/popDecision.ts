import type { Identity } from './model';
import type { PopCard } from './popCardTables';
import type { FirstRound } from './popRoundsAsk';

/** What the pop's first round decides: whom to show, and whether the caller's pop card may answer for them. */
export interface PopDecision {
  /** The draft's customer (a hand-made link wins over the number), else the first key's only match; null for none. */
  readonly target: string | null;
  /** Every customer the keys matched, and the target. */
  readonly matchedIds: string[];
  /** The identity row the first matching key found. */
  readonly matched: Identity | undefined;
  /** The card that answers for the target, if one may. */
  readonly card: PopCard | undefined;
}

export function decide({ draft, perKey, cards }: FirstRound, useCard: boolean): PopDecision {
  const linked = draft?.customerId ?? null;
  const firstIndex = perKey.findIndex((identities) => identities.length > 0);
  const first = perKey[firstIndex] ?? [];
  const target = linked ?? (first.length === 1 ? (first[0]?.customerId ?? null) : null);
  const matched = first[0];
  const card = cards[firstIndex];
  const matchedIds = [...new Set([...perKey.flat().map((identity) => identity.customerId), ...(target === null ? [] : [target])])];
  // The card is the caller's only while this round's identity rows still say so (one owner, the draft's if linked).
  const cardAnswers =
    useCard && card !== undefined && matched !== undefined && first.length === 1 && card.customerId === target && matched.customerId === target;
  return { target, matchedIds, matched, card: cardAnswers ? card : undefined };
}
