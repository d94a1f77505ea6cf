import { VOLUME_INTERVAL_MS } from '@tandem/contract';

/**
 * The supervisor's day as the chart counts it: from local midnight to the
 * next, in quarter hours (92 or 100 of them on a daylight saving day).
 */
export interface DaySpan {
  readonly from: number;
  readonly intervals: number;
}

export function localDay(now: number): DaySpan {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const next = new Date(midnight);
  next.setDate(next.getDate() + 1);
  return { from: midnight.getTime(), intervals: Math.round((next.getTime() - midnight.getTime()) / VOLUME_INTERVAL_MS) };
}

/** Intervals of the day that are over by `now`: the one under way is still filling and would bias the correlation. */
export function completeIntervals(day: DaySpan, now: number): number {
  return Math.max(0, Math.min(day.intervals, Math.floor((now - day.from) / VOLUME_INTERVAL_MS)));
}

/** Each interval's start (ms). */
export function intervalStarts(day: DaySpan): number[] {
  return Array.from({ length: day.intervals }, (_, index) => day.from + index * VOLUME_INTERVAL_MS);
}

/**
 * An imported series on the day's intervals: the mean of its points in each
 * interval, null where it has none (an hourly export fills one in four;
 * the chart joins them, the table leaves the cell empty).
 */
export function binSeries(points: readonly { readonly at: number; readonly value: number }[], day: DaySpan): (number | null)[] {
  const sums = new Array<number>(day.intervals).fill(0);
  const counts = new Array<number>(day.intervals).fill(0);
  for (const point of points) {
    const slot = Math.floor((point.at - day.from) / VOLUME_INTERVAL_MS);
    if (slot < 0 || slot >= day.intervals) continue;
    sums[slot] = (sums[slot] ?? 0) + point.value;
    counts[slot] = (counts[slot] ?? 0) + 1;
  }
  return sums.map((sum, slot) => {
    const count = counts[slot] ?? 0;
    return count === 0 ? null : sum / count;
  });
}
