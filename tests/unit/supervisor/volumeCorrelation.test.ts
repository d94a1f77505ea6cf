import { describe, expect, it } from 'vitest';
import { bestLag, laggedPearson, MAX_LAG, pearson } from '../../../renderer/src/supervisor/volume/correlation';
import { summarizeVolume } from '../../../renderer/src/supervisor/volume/volumeSummary';

// Issue 16, item 5: a supervisor checks a forecast of calls from social noise against the day's figures.

/** A day's mentions with a few bursts, quarter hour by quarter hour. */
const MENTIONS = [0, 1, 6, 2, 0, 0, 9, 3, 1, 0, 4, 0, 0, 2, 0, 7, 1, 0, 0, 0, 3, 0, 0, 0];
/** Calls that follow `mentions` by `lag` intervals (twice as many, plus a steady one), zero where the shift runs out. */
const following = (mentions: readonly number[], lag: number): number[] => mentions.map((_, t) => 2 * (mentions[t - lag] ?? 0) + 1);

describe("Pearson's r of mentions and calls", () => {
  it('is +1 for calls that rise with mentions, −1 for calls that fall as they rise', () => {
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 6, 8, 10])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4, 5], [10, 8, 6, 4, 2])).toBeCloseTo(-1, 12);
  });

  it('matches a hand-worked value: (1,1) (2,3) (3,2) give r = 0.5', () => {
    expect(pearson([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5, 12);
  });

  it('matches a textbook value to four places: r ≈ 0.7746 for 1..5 against 2,4,5,4,5', () => {
    // Σdx·dy = 6, Σdx² = 10, Σdy² = 6: r = 6 / √60.
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(6 / Math.sqrt(60), 12);
  });

  it('says nothing (null) with fewer than three pairs or a flat series, rather than a misleading 0', () => {
    expect(pearson([1, 2], [3, 4])).toBeNull();
    expect(pearson([0, 0, 0, 0], [1, 5, 2, 8])).toBeNull();
    expect(pearson([1, 5, 2, 8], [3, 3, 3, 3])).toBeNull();
  });
});

describe('the lag at which calls follow mentions most closely', () => {
  it('finds calls three quarter hours after mentions: lag +3, r = 1', () => {
    const calls = following(MENTIONS, 3);
    expect(laggedPearson(MENTIONS, calls, 3)).toBeCloseTo(1, 12);
    const best = bestLag(MENTIONS, calls);
    expect(best?.lag).toBe(3);
    expect(best?.r).toBeCloseTo(1, 12);
  });

  it('finds calls that came two quarter hours before mentions: lag −2', () => {
    const calls = MENTIONS.map((_, t) => MENTIONS[t + 2] ?? 0);
    expect(bestLag(MENTIONS, calls)).toEqual({ lag: -2, r: expect.closeTo(1, 12) as number });
  });

  it('looks no further than ±8 intervals: a lag of 10 is not reported as such', () => {
    const calls = following(MENTIONS, 10);
    const best = bestLag(MENTIONS, calls);
    expect(Math.abs(best?.lag ?? 0)).toBeLessThanOrEqual(MAX_LAG);
  });

  it('on a tie picks the lag nearest zero: a strictly alternating day correlates at 0, ±2, ±4…', () => {
    const alternating = Array.from({ length: 24 }, (_, t) => t % 2);
    expect(bestLag(alternating, alternating)).toEqual({ lag: 0, r: 1 });
  });

  it('is null when no lag has three pairs with variation (the first intervals of a day)', () => {
    expect(bestLag([0, 0], [0, 1])).toBeNull();
    expect(bestLag([0, 0, 0, 0, 0], [1, 2, 3, 4, 5])).toBeNull();
  });
});

describe("the region's summary counts only finished intervals", () => {
  it('the interval under way (still filling) and the rest of the day leave the figures alone', () => {
    const calls = following(MENTIONS, 1);
    // The day goes on past the fixture with no counts yet, and the current interval has a partial count.
    const day = { from: 0, mentions: [...MENTIONS, 30, ...new Array<number>(71).fill(0)], calls: [...calls, 0, ...new Array<number>(71).fill(0)] };
    const summary = summarizeVolume(day, MENTIONS.length);
    expect(summary.best).toEqual({ lag: 1, r: expect.closeTo(1, 12) as number });
    expect(summary.sameInterval).toBeCloseTo(pearson(MENTIONS, calls) ?? Number.NaN, 12);
  });
});
