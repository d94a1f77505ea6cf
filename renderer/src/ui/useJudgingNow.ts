import { useCallback, useSyncExternalStore } from 'react';
import { useNow } from './useNow';

/**
 * The clock to judge waits by: the minute clock (ui/useNow.ts), brought
 * forward to each of `thresholds` (ms) the moment it passes.
 *
 * A wait's tone (calm, near, over its target) changes only at its
 * thresholds, so judging at the later of the minute clock and the last
 * threshold passed gives the tone of this very instant, while the shown
 * "waiting N min" still moves once a minute. One timer, set for the next
 * threshold only: a team lead sees "Over target" when the target passes,
 * not up to 75 s later, and nothing re-renders every second.
 */
export function useJudgingNow(thresholds: readonly number[], active = true): number {
  return Math.max(useNow('minute', active), useThresholdPassed(thresholds, active));
}

/**
 * The latest of `thresholds` (ms) that has passed, 0 before the first; the
 * component re-renders the moment the next one passes, and at no other time.
 */
export function useThresholdPassed(thresholds: readonly number[], active = true): number {
  // The thresholds arrive as a new array each render: the subscription is keyed by their values.
  const key = thresholds.join(',');
  const subscribe = useCallback((notify: () => void) => (active ? wakeAtEach(parseKey(key), notify) : () => {}), [key, active]);
  const snapshot = useCallback(() => lastPassed(Date.now(), parseKey(key)), [key]);
  return useSyncExternalStore(subscribe, snapshot);
}

const parseKey = (key: string): number[] => (key === '' ? [] : key.split(',').map(Number));

/** The latest threshold at or before `now`; 0 when none has passed. */
export function lastPassed(now: number, thresholds: readonly number[]): number {
  let last = 0;
  for (const at of thresholds) if (at <= now && at > last) last = at;
  return last;
}

/** The earliest threshold after `now`, if any is still to come. */
export function nextThreshold(now: number, thresholds: readonly number[]): number | undefined {
  let next: number | undefined;
  for (const at of thresholds) if (at > now && (next === undefined || at < next)) next = at;
  return next;
}

/** setTimeout's longest delay (2³¹−1 ms, about 24 days); a later threshold is re-armed when it fires. */
const LONGEST_DELAY = 2_147_483_647;

/** Calls `notify` as each threshold passes, one timer at a time; returns the stop. */
function wakeAtEach(thresholds: readonly number[], notify: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const now = Date.now();
    const next = nextThreshold(now, thresholds);
    timer = next === undefined ? undefined : setTimeout(fire, Math.min(LONGEST_DELAY, next - now));
  };
  const fire = () => {
    notify();
    arm();
  };
  arm();
  return () => clearTimeout(timer);
}
