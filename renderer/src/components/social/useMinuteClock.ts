import { useSyncExternalStore } from 'react';

/**
 * The time to the minute, shared by every row that shows a waiting time or a
 * live priority. One timer for the whole inbox (not one per row), and the
 * value only changes once a minute, so 100 000 conversations don't re-render
 * every second.
 */
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    for (const notify of [...listeners]) notify();
  }, 15_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const currentMinute = () => Math.floor(Date.now() / 60_000) * 60_000;

export function useMinuteClock(): number {
  return useSyncExternalStore(subscribe, currentMinute);
}
