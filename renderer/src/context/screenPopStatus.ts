/**
 * What the caller context panel shows (issue 5), as a guarded state machine
 * in the shape main uses for registration and calls (`main/core/stateMachine.ts`):
 * a table of the allowed moves, each with its reason, and one `transition`
 * that throws on any other. The renderer cannot import main, so the panel has
 * its own small one.
 *
 * ```txt
 *   idle ──call rings / is dialled, customer opened──▶ loading ──the read answers──▶ known | unknown | ambiguous
 *    ▲                                                  ▲   │ a newer pop or pick          │
 *    │                                                  │   └──▶ loading                   │
 *    │                                                  └── a new call, a pick, a link ────┤
 *    │                                  known ──the card is no longer theirs──▶ unknown | ambiguous
 *    └──────────────────────── closeContext (from any state but idle) ◀────────────────────┘
 * ```
 *
 * A new ringing (or dialled) call replaces whatever the panel shows; hang-up
 * does not close it, so the agent can finish the note and wrap-up code.
 * Nothing reaches known, unknown or ambiguous without a read: the panel never
 * shows a customer it did not look up in this turn (in IndexedDB, or among
 * the pop cards this window holds: customers/rememberedCards.ts).
 */
export type ContextStatus = 'idle' | 'loading' | 'known' | 'unknown' | 'ambiguous';

export const CONTEXT_STATUS_TRANSITIONS: Readonly<Record<ContextStatus, readonly ContextStatus[]>> = {
  // Only a read opens the panel: a ringing or dialled call, a customer opened from a search.
  idle: ['loading'],
  // The read answers (known / unknown / ambiguous), or is superseded by a newer pop or pick
  // (loading again), or the panel is closed — or the customer opened without a call no longer exists (idle).
  loading: ['loading', 'known', 'unknown', 'ambiguous', 'idle'],
  // Confirming the pop card (or re-reading) found the number is no longer theirs alone
  // (unknown, ambiguous), or the customer was deleted (unknown on a call, idle without one).
  known: ['loading', 'unknown', 'ambiguous', 'idle'],
  // The agent searches and links or creates a customer, or a new call rings: a read first.
  unknown: ['loading', 'idle'],
  // The agent picks one of the candidates (a read), or a new call rings.
  ambiguous: ['loading', 'idle'],
};

export class IllegalContextTransitionError extends Error {
  constructor(
    readonly from: ContextStatus,
    readonly to: ContextStatus,
  ) {
    super(`illegal caller context transition ${from} → ${to}`);
    this.name = 'IllegalContextTransitionError';
  }
}

export const canMoveContext = (from: ContextStatus, to: ContextStatus): boolean => CONTEXT_STATUS_TRANSITIONS[from].includes(to);

/** The panel's status: the one truth the store's `contextStatus` is written from. */
export class ScreenPopStatus {
  #current: ContextStatus = 'idle';

  get current(): ContextStatus {
    return this.#current;
  }

  /** Moves to `to`, or throws {@link IllegalContextTransitionError} when the table does not allow it. */
  transition(to: ContextStatus): ContextStatus {
    if (!canMoveContext(this.#current, to)) throw new IllegalContextTransitionError(this.#current, to);
    this.#current = to;
    return to;
  }
}
