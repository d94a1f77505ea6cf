/**
 * The screen pop's claim on IndexedDB (issue 11, "Screen pop in team mode:
 * unchanged"). From the moment a call rings until its panel has painted, the
 * pop's reads are the only IndexedDB work that matters; writes that can wait
 * (the team's rows arriving from other desks, teamRowsQueue.ts) wait here
 * rather than queue a read-write transaction in front of the pop's reads.
 *
 * A hold that is never released (a pop that threw before its `finally`, a
 * read that never answers) lapses after `maxHoldMs`: waiting writers are
 * late, never stuck.
 */
export interface PopQuiet {
  /** A pop began: writers wait until the returned function is called (calling it again does nothing). */
  hold(): () => void;
  /** Whether a pop holds now. */
  busy(): boolean;
  /** Resolves at once when no pop holds, else once the last hold is released or has lapsed. */
  whenQuiet(): Promise<void>;
  /**
   * Calls `listener` when a pop begins holding (until unsubscribed): a writer
   * whose transaction is already open calls it off (teamRowsQueue.ts), since
   * the pop's reads would queue behind it whichever stores they read.
   */
  onHold(listener: () => void): () => void;
}

export interface PopQuietOptions {
  /** How long one hold may last at most (default 2 s, far above a pop's budget of 50 ms). */
  readonly maxHoldMs?: number;
  readonly setTimer?: (run: () => void, ms: number) => () => void;
}

const defaultTimer = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export function createPopQuiet(options: PopQuietOptions = {}): PopQuiet {
  const setTimer = options.setTimer ?? defaultTimer;
  const holds = new Set<symbol>();
  const listeners = new Set<() => void>();
  let waiting: (() => void)[] = [];

  const wake = () => {
    if (holds.size > 0) return;
    const woken = waiting;
    waiting = [];
    for (const resolve of woken) resolve();
  };

  return {
    hold() {
      const token = Symbol('pop');
      holds.add(token);
      const release = () => {
        if (!holds.delete(token)) return;
        cancel();
        wake();
      };
      const cancel = setTimer(release, options.maxHoldMs ?? 2_000);
      for (const listener of [...listeners]) listener();
      return release;
    },
    busy: () => holds.size > 0,
    whenQuiet: () => (holds.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
    onHold(listener) {
      const entry = () => listener();
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
  };
}
