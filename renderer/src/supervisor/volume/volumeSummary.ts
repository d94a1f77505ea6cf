import type { VolumeDay } from '@tandem/contract';
import { bestLag, pearson, type BestLag } from './correlation';

export interface VolumeSummary {
  /** Mentions against calls in the same interval; null when there is not enough to say. */
  readonly sameInterval: number | null;
  readonly best: BestLag | null;
}

/** The correlation over the day's finished intervals only: the one under way is still filling. */
export function summarizeVolume(day: VolumeDay, complete: number): VolumeSummary {
  const mentions = day.mentions.slice(0, complete);
  const calls = day.calls.slice(0, complete);
  return { sameInterval: pearson(mentions, calls), best: bestLag(mentions, calls) };
}
