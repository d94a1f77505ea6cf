import { describe, expect, it } from 'vitest';
import type { VolumeInterval } from '@tandem/contract';
import { detectSpike, filledIntervals, INTERVAL_MS, intervalOf } from '../../../main/core/supervisor/alertsSpike';

const START = Date.parse('2026-12-04T08:00:00Z');

/** A day part of 15-minute intervals from fixtures: mentions and calls per interval, oldest first. */
const series = (counts: ReadonlyArray<readonly [number, number]>): VolumeInterval[] =>
  counts.map(([mentions, calls], index) => ({ start: START + index * INTERVAL_MS, mentions, calls }));

/** A steady morning: 4–6 mentions and 1–2 calls every 15 minutes (40 mentions and 12 calls over 8 intervals). */
const STEADY: ReadonlyArray<readonly [number, number]> = [
  [5, 2],
  [4, 1],
  [6, 2],
  [5, 1],
  [4, 2],
  [6, 1],
  [5, 2],
  [5, 1],
];

describe('a spike of mentions against the moving baseline', () => {
  it('a steady morning raises nothing', () => {
    expect(detectSpike(series([...STEADY, [6, 1]]))).toBeNull();
  });

  it('25 mentions after a steady morning is a spike; the extra calls follow from the morning’s calls per mention', () => {
    const spike = detectSpike(series([...STEADY, [25, 0]]));
    expect(spike).not.toBeNull();
    expect(spike?.intervalStart).toBe(START + 8 * INTERVAL_MS);
    expect(spike?.mentions).toBe(25);
    // The EWMA of the morning sits near its mean of 5.
    expect(spike?.baseline).toBeGreaterThan(4.5);
    expect(spike?.baseline).toBeLessThan(5.5);
    // 12 calls for 40 mentions: 0.3 calls per mention; (25 − baseline) × 0.3 ≈ 6 calls over the next two intervals.
    expect(spike?.callsPerMention).toBeCloseTo(0.3, 5);
    expect(spike?.expectedCalls).toBeCloseTo((25 - (spike?.baseline ?? 0)) * 0.3, 5);
    expect(spike?.horizonIntervals).toBe(2);
  });

  it('a quiet account going from 0 to 3 mentions is not a spike (fewer than 5 above the baseline)', () => {
    expect(
      detectSpike(
        series([
          [0, 0],
          [0, 0],
          [1, 0],
          [0, 0],
          [3, 0],
        ]),
      ),
    ).toBeNull();
  });

  it('a noisy series needs more than three moving deviations above its baseline', () => {
    const noisy: Array<readonly [number, number]> = [
      [2, 1],
      [14, 3],
      [3, 1],
      [15, 4],
      [2, 1],
      [13, 3],
    ];
    expect(detectSpike(series([...noisy, [16, 3]]))).toBeNull();
    expect(detectSpike(series([...noisy, [60, 3]]))?.mentions).toBe(60);
  });

  it('without mentions in the history, the effect on calls is not guessed', () => {
    const spike = detectSpike(
      series([
        [0, 3],
        [0, 2],
        [0, 4],
        [12, 0],
      ]),
    );
    expect(spike).toMatchObject({ mentions: 12, callsPerMention: null, expectedCalls: null });
  });

  it('the database’s sparse rows are filled with quiet intervals up to the running one', () => {
    const now = START + 3 * INTERVAL_MS + 7 * 60_000;
    const filled = filledIntervals([{ start: START + INTERVAL_MS, mentions: 4, calls: 1 }], START + 60_000, now);
    expect(filled).toEqual([
      { start: START, mentions: 0, calls: 0 },
      { start: START + INTERVAL_MS, mentions: 4, calls: 1 },
      { start: START + 2 * INTERVAL_MS, mentions: 0, calls: 0 },
      { start: START + 3 * INTERVAL_MS, mentions: 0, calls: 0 },
    ]);
    expect(intervalOf(now)).toBe(START + 3 * INTERVAL_MS);
  });
});
