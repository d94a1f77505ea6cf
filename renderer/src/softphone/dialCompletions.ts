import { sipUserPart } from '@tandem/contract';

/**
 * What the dial and transfer boxes offer while the agent types: teammates
 * (profile `team.roster`), recent calls and local customers, ranked by how
 * the typed text starts their name, number or extension. Pure: the
 * candidates come from the store and the customers' indexed search.
 */
export type DialSource = 'team' | 'recent' | 'customer';

export interface DialCandidate {
  readonly source: DialSource;
  /** Shown as text only; may be empty (a recent call without a display name). */
  readonly name: string;
  /** What goes in the box when picked: a SIP URI or a phone number (main normalises it). */
  readonly target: string;
}

export interface DialCompletion extends DialCandidate {
  /** The number or SIP address as shown beside the name (without the `sip:` scheme). */
  readonly address: string;
}

/** Enough to choose from without scrolling a popup. */
export const MAX_COMPLETIONS = 8;

// Lower is better: exact number/extension, then name, then a later word of the name, then number/extension prefix.
const EXACT = 0;
const NAME_START = 1;
const WORD_START = 2;
const ADDRESS_START = 3;
const SOURCE_ORDER: Record<DialSource, number> = { team: 0, recent: 1, customer: 2 };

const addressOf = (target: string): string => target.replace(/^sips?:/i, '');
const digitsOf = (text: string): string => text.replace(/[^0-9]/g, '');

function rankOf(query: string, candidate: DialCandidate): number | null {
  const lower = query.toLowerCase();
  const name = candidate.name.toLowerCase();
  // `2001` for `sip:2001@pbx`; a number is its own user part.
  const user = sipUserPart(candidate.target).toLowerCase();
  const digits = digitsOf(query);
  // Digits match a number however it is written (`+1 212…`, `212-…`), and also from its national part.
  const numberDigits = digitsOf(user);
  const numeric = digits !== '' && digits.length === query.replace(/[\s().+-]/g, '').length;
  if (user === lower || (numeric && numberDigits === digits)) return EXACT;
  if (name !== '' && name.startsWith(lower)) return NAME_START;
  if (name.split(/\s+/).some((word) => word !== '' && word.startsWith(lower))) return WORD_START;
  if (user.startsWith(lower)) return ADDRESS_START;
  if (numeric && numberDigits !== '' && (numberDigits.startsWith(digits) || nationalPart(numberDigits).startsWith(digits))) return ADDRESS_START;
  return null;
}

/** `12125550100` → `2125550100`: what an agent types for a number of their own country (a one- to three-digit country code). */
function nationalPart(digits: string): string {
  return digits.length > 10 ? digits.slice(digits.length - 10) : digits;
}

/**
 * The candidates that start with what was typed, best first, each target
 * once (the best-ranked copy wins: a teammate over the same number in recent
 * calls). Nothing for an empty box: the list opens when the agent types.
 */
export function rankDialCompletions(query: string, candidates: readonly DialCandidate[], limit = MAX_COMPLETIONS): DialCompletion[] {
  const text = query.trim();
  if (text === '') return [];
  const ranked = candidates.flatMap((candidate) => {
    const rank = rankOf(text, candidate);
    return rank === null ? [] : [{ candidate, rank }];
  });
  ranked.sort(
    (a, b) => a.rank - b.rank || SOURCE_ORDER[a.candidate.source] - SOURCE_ORDER[b.candidate.source] || a.candidate.name.localeCompare(b.candidate.name),
  );
  const seen = new Set<string>();
  const completions: DialCompletion[] = [];
  for (const { candidate } of ranked) {
    const key = candidate.target.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    completions.push({ ...candidate, address: addressOf(candidate.target) });
    if (completions.length === limit) break;
  }
  return completions;
}
