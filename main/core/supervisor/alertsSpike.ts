import type { MentionSpike, VolumeInterval } from '@tandem/contract';

/** The team database counts mentions and calls per 15 minutes (`supervisor_volume()`, migration 0011). */
export const INTERVAL_MS = 15 * 60_000;

export interface SpikeRules {
  /** EWMA weight of the newest interval: 0.2 forgets a burst in about an hour and a half (its weight halves every 3 intervals). */
  readonly alpha: number;
  /** How many moving standard deviations above the baseline an interval must be. */
  readonly deviations: number;
  /** And by how many mentions at least: a quiet account going from 0 to 3 is not a spike. */
  readonly minExcess: number;
  /** The intervals ahead over which the extra calls are expected. */
  readonly horizonIntervals: number;
}

export const DEFAULT_SPIKE_RULES: SpikeRules = { alpha: 0.2, deviations: 3, minExcess: 5, horizonIntervals: 2 };

/** The start of the 15-minute interval `at` falls in (UTC-aligned, like the database's buckets). */
export function intervalOf(at: number): number {
  return Math.floor(at / INTERVAL_MS) * INTERVAL_MS;
}

/**
 * Every interval from `from` up to the one `now` falls in, with zeros where
 * the database had no row (it returns only intervals with something in
 * them): a quiet interval must pull the baseline down.
 */
export function filledIntervals(rows: readonly VolumeInterval[], from: number, now: number): VolumeInterval[] {
  const byStart = new Map(rows.map((row) => [row.start, row]));
  const filled: VolumeInterval[] = [];
  for (let start = intervalOf(from); start <= intervalOf(now); start += INTERVAL_MS) {
    filled.push(byStart.get(start) ?? { start, mentions: 0, calls: 0 });
  }
  return filled;
}

/**
 * Whether the latest interval (the running one) is a spike of mentions
 * against a moving baseline, and what it should do to calls. Pure.
 *
 * - Baseline: the exponentially weighted moving average of the earlier
 *   intervals' mention counts, with its exponentially weighted variance
 *   (the incremental form: diff = x − mean; mean += α·diff;
 *   var = (1 − α)·(var + α·diff²)). The latest interval is compared with the
 *   baseline as it stood before it, so a spike does not hide itself.
 * - Spike: mentions − baseline ≥ `minExcess` and > `deviations` × the moving
 *   standard deviation.
 * - Effect on calls: the history's calls per mention (all calls ÷ all
 *   mentions over the intervals before the latest) times the excess
 *   mentions, expected over the next `horizonIntervals` intervals. This
 *   assumes calls follow mentions in proportion; the volume chart's
 *   correlation says how far that holds for this team. Null when the
 *   history has no mentions to divide by.
 */
export function detectSpike(intervals: readonly VolumeInterval[], rules: SpikeRules = DEFAULT_SPIKE_RULES): MentionSpike | null {
  const latest = intervals.at(-1);
  const history = intervals.slice(0, -1);
  if (latest === undefined || history.length === 0) return null;
  let mean = history[0]?.mentions ?? 0;
  let variance = 0;
  for (const interval of history.slice(1)) {
    const diff = interval.mentions - mean;
    mean += rules.alpha * diff;
    variance = (1 - rules.alpha) * (variance + rules.alpha * diff * diff);
  }
  const excess = latest.mentions - mean;
  if (excess < rules.minExcess || excess <= rules.deviations * Math.sqrt(variance)) return null;
  const mentions = history.reduce((sum, interval) => sum + interval.mentions, 0);
  const calls = history.reduce((sum, interval) => sum + interval.calls, 0);
  const callsPerMention = mentions === 0 ? null : calls / mentions;
  return {
    intervalStart: latest.start,
    mentions: latest.mentions,
    baseline: mean,
    callsPerMention,
    expectedCalls: callsPerMention === null ? null : excess * callsPerMention,
    horizonIntervals: rules.horizonIntervals,
  };
}
