import { useSyncExternalStore } from 'react';

/**
 * The current time for everything on screen that shows one: call timers and
 * countdowns (to the second) and inbox waiting times (to the minute).
 *
 * One shared ticker per resolution, running only while something subscribes,
 * and a snapshot rounded to that resolution: React re-renders a row only when
 * the value it shows changes, so 100 000 inbox rows don't re-render every second.
 */
export type ClockResolution = 'second' | 'minute';

interface Ticker {
  readonly subscribe: (listener: () => void) => () => void;
  readonly snapshot: () => number;
}

function createTicker(stepMs: number, pollMs: number): Ticker {
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    subscribe(listener) {
      listeners.add(listener);
      timer ??= setInterval(() => {
        for (const notify of [...listeners]) notify();
      }, pollMs);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== undefined) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    snapshot: () => Math.floor(Date.now() / stepMs) * stepMs,
  };
}

// Polled four times per step, so a shown value is never more than a quarter step late.
const TICKERS: Record<ClockResolution, Ticker> = {
  second: createTicker(1_000, 250),
  minute: createTicker(60_000, 15_000),
};

const idle = () => () => {};

/** The current time rounded down to `resolution`, kept fresh while `active`. */
export function useNow(resolution: ClockResolution, active = true): number {
  const ticker = TICKERS[resolution];
  return useSyncExternalStore(active ? ticker.subscribe : idle, ticker.snapshot);
}
