import type { Clock } from '../../../../main/core/time/clock';

export type ManualClock = Clock & {
  advance(ms: number): void;
  pending(): number;
  /** How long until each pending timer fires, soonest first. */
  dueIn(): number[];
};

/** Timers that run only when the test says time has passed. */
export function manualClock(): ManualClock {
  let now = 1_000_000;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 0;
  return {
    now: () => now,
    setTimeout: (run, ms) => {
      next += 1;
      timers.set(next, { at: now + ms, run });
      return next;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.run();
        }
      }
    },
    pending: () => timers.size,
    dueIn: () => [...timers.values()].map((timer) => timer.at - now).sort((a, b) => a - b),
  };
}
