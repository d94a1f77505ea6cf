/**
 * The one state-machine shape shared by registration, calls and social
 * connectors: string states, a transition table, one guarded transition
 * function that throws on a move the table does not allow (as sip.js's
 * `session.ts` `stateTransition()` does), and a typed change listener.
 */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export type StateChangeListener<S extends string> = (to: S, from: S) => void;

export class IllegalTransitionError<S extends string = string> extends Error {
  constructor(
    readonly machine: string,
    readonly from: S,
    readonly to: S,
  ) {
    super(`illegal ${machine} transition ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export class StateMachine<S extends string> {
  #state: S;
  readonly #listeners = new Set<StateChangeListener<S>>();

  constructor(
    private readonly name: string,
    private readonly table: TransitionTable<S>,
    initial: S,
  ) {
    this.#state = initial;
  }

  get state(): S {
    return this.#state;
  }

  is(...states: S[]): boolean {
    return states.includes(this.#state);
  }

  canTransition(to: S): boolean {
    return this.table[this.#state].includes(to);
  }

  /** Moves to `to` or throws {@link IllegalTransitionError}; listeners hear every move. */
  transition(to: S): void {
    const from = this.#state;
    if (!this.canTransition(to)) throw new IllegalTransitionError(this.name, from, to);
    this.#state = to;
    for (const listener of [...this.#listeners]) listener(to, from);
  }

  onStateChange(listener: StateChangeListener<S>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
