import { useSyncExternalStore } from 'react';

/** One shared ticker for every timer on screen, running only while something shows time. */
const listeners = new Set<() => void>();
let ticker: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  ticker ??= setInterval(() => {
    for (const notify of [...listeners]) notify();
  }, 250);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && ticker !== undefined) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
}

/** The time to the second: the same value within a second, so React sees a stable snapshot. */
const currentSecond = () => Math.floor(Date.now() / 1000) * 1000;
const idle = () => () => {};

/** The current time (whole seconds), kept fresh while `active` (timers and countdowns). */
export function useNow(active: boolean): number {
  return useSyncExternalStore(active ? subscribe : idle, currentSecond);
}

/** `m:ss`, or `h:mm:ss` from an hour on; negative spans read 0:00. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
