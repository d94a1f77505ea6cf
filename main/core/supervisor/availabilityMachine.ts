import type { Availability } from '@tandem/contract';
import { StateMachine, type TransitionTable } from '../stateMachine';

/**
 * The agent's own availability, chosen in the header (issue 16, item 2).
 *
 * ```txt
 *             ┌───────── agent chooses ─────────┐
 *             ▼                                 │
 *        available ──── call hung up ────► wrap-up ──── wrap-up time over ───► available
 *          ▲   │                              ▲
 *          │   └── agent chooses ──► break / away ── agent chooses ──┘ (any to any)
 * ```
 *
 * Every state may be chosen from every other: the agent decides. What the
 * machine adds is the two automatic moves: a call that was answered and has
 * ended starts wrap-up only from "available" (an agent on a break who takes
 * one call stays on a break), and the wrap-up timer returns to "available"
 * only from wrap-up.
 */
export const AVAILABILITY_TRANSITIONS: TransitionTable<Availability> = {
  available: ['break', 'wrap-up', 'away'],
  break: ['available', 'wrap-up', 'away'],
  'wrap-up': ['available', 'break', 'away'],
  away: ['available', 'break', 'wrap-up'],
};

export class AvailabilityMachine extends StateMachine<Availability> {
  constructor(initial: Availability = 'available') {
    super('availability', AVAILABILITY_TRANSITIONS, initial);
  }
}
