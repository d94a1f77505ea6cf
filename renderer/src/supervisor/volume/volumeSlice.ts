import type { VolumeDay } from '@tandem/contract';
import { supervisorErrorKey } from '../supervisorErrors';
import { callTandem } from '../../tandemClient';
import type { SliceCreator } from '../../store/store';
import { parseInterestCsv, type InterestPoint, type InterestProblem } from './interestCsv';
import type { DaySpan } from './volumeDay';

/** An imported interest series, kept in this window only: it is the supervisor's own comparison, not team data. */
export interface InterestSeries {
  /** The file's name as the supervisor chose it (shown as text, never as markup). */
  readonly name: string;
  readonly points: readonly InterestPoint[];
}

export interface InterestRefusal {
  readonly name: string;
  readonly problems: readonly InterestProblem[];
  /** How many lines were bad in all (only the first few are listed). */
  readonly count: number;
}

/**
 * The region "Volume" (issue 16, item 5): the day's mentions and calls per
 * quarter hour from the team database, and an optional interest series the
 * supervisor imported from a CSV file.
 */
export interface VolumeSlice {
  volume: VolumeDay | null;
  volumeProblem: ReturnType<typeof supervisorErrorKey> | null;
  interest: InterestSeries | null;
  interestRefusal: InterestRefusal | null;
  readonly loadVolume: (day: DaySpan) => Promise<void>;
  readonly importInterest: (name: string, text: string) => void;
  readonly clearInterest: () => void;
}

export const createVolumeSlice: SliceCreator<VolumeSlice> = (deps) => (set) => ({
  volume: null,
  volumeProblem: null,
  interest: null,
  interestRefusal: null,
  async loadVolume(day) {
    const result = await callTandem(deps.api, (api) => api.getSupervisorVolume({ from: day.from, intervals: day.intervals }));
    if (!result.ok) {
      set({ volumeProblem: supervisorErrorKey(result.error) });
      return;
    }
    set({ volume: result.value, volumeProblem: null });
  },
  importInterest(name, text) {
    const parsed = parseInterestCsv(text);
    if (!parsed.ok) {
      set({ interestRefusal: { name, problems: parsed.problems, count: parsed.count } });
      return;
    }
    set({ interest: { name, points: parsed.points }, interestRefusal: null });
  },
  clearInterest() {
    set({ interest: null, interestRefusal: null });
  },
});
