import { describe, expect, it } from 'vitest';
import { TeamSeqTracker } from '../../../main/core/team/teamSeqTracker';

describe('each team change is applied once, whichever way it arrives', () => {
  it('a change seen again (notified, then read in a catch-up page) is skipped', () => {
    const tracker = new TeamSeqTracker(10, 1_000);
    expect(tracker.accept(11, 0)).toBe(true);
    expect(tracker.accept(11, 0)).toBe(false);
    expect(tracker.accept(9, 0)).toBe(false);
    expect(tracker.watermark).toBe(11);
  });

  it('a change that commits after a newer one is still applied: the watermark waits below the hole', () => {
    const tracker = new TeamSeqTracker(5, 1_000);
    expect(tracker.accept(7, 0)).toBe(true);
    expect(tracker.watermark).toBe(5);
    expect(tracker.highest).toBe(7);
    expect(tracker.hasGap).toBe(true);
    expect(tracker.accept(6, 500)).toBe(true);
    expect(tracker.watermark).toBe(7);
    expect(tracker.hasGap).toBe(false);
  });

  it('a hole that stays empty for the grace (a rolled-back write) is settled, and what follows it moves on', () => {
    const tracker = new TeamSeqTracker(5, 1_000);
    tracker.accept(7, 0);
    tracker.accept(9, 800);
    expect(tracker.settle(999)).toBe(false);
    expect(tracker.settle(1_000)).toBe(true);
    // 6 is settled (7 waited long enough); 8 has only waited 200 ms behind 9.
    expect(tracker.watermark).toBe(7);
    expect(tracker.settle(1_800)).toBe(true);
    expect(tracker.watermark).toBe(9);
    expect(tracker.accept(6, 2_000)).toBe(false);
  });
});
