import { describe, expect, it } from 'vitest';
import { LISTED_PROBLEMS, MAX_INTEREST_BYTES, parseInterestCsv } from '../../../renderer/src/supervisor/volume/interestCsv';
import { binSeries, completeIntervals, intervalStarts, localDay } from '../../../renderer/src/supervisor/volume/volumeDay';

// Issue 16, item 5: an external interest series (a search-trends export) imported as CSV beside the day's volume.

const local = (hour: number, minute = 0) => new Date(2026, 11, 4, hour, minute).getTime();

describe('a supervisor imports an interest series as CSV', () => {
  it('reads time,value lines under a header, in time order, times without an offset in local time', () => {
    const parsed = parseInterestCsv('time,value\n2026-12-04T11:00,40\n2026-12-04T10:00,25\n2026-12-04T12:00:00Z,55.5\n');
    expect(parsed).toEqual({
      ok: true,
      points: [
        { at: local(10), value: 25 },
        { at: local(11), value: 40 },
        { at: Date.UTC(2026, 11, 4, 12), value: 55.5 },
      ].sort((a, b) => a.at - b.at),
    });
  });

  it('reads a search-trends export: its own header, quoted cells, "<1" for a trace, CRLF line ends, a byte-order mark', () => {
    const parsed = parseInterestCsv('\uFEFFTime,"coffee: (Worldwide)"\r\n"2026-12-04T09:00",<1\r\n2026-12-04 09:15,3\r\n\r\n');
    expect(parsed).toEqual({
      ok: true,
      points: [
        { at: local(9), value: 0.5 },
        { at: local(9, 15), value: 3 },
      ],
    });
  });

  it('a date alone is local midnight; semicolons separate as some locales export', () => {
    expect(parseInterestCsv('2026-12-04;12')).toEqual({ ok: true, points: [{ at: local(0), value: 12 }] });
  });

  it('names every bad line with its number and what is wrong with it', () => {
    const text = [
      'time,value',
      '2026-12-04T10:00,12',
      'yesterday,5',
      '2026-12-04T10:15,lots',
      '2026-12-04T10:30,5,6',
      '2026-12-04T25:00,1',
      '2026-12-04T10:45,0x10',
    ].join('\n');
    expect(parseInterestCsv(text)).toEqual({
      ok: false,
      count: 5,
      problems: [
        { line: 3, kind: 'time' },
        { line: 4, kind: 'value' },
        { line: 5, kind: 'columns' },
        { line: 6, kind: 'time' },
        { line: 7, kind: 'value' },
      ],
    });
  });

  it(`lists the first ${LISTED_PROBLEMS} bad lines and counts the rest`, () => {
    const text = ['time,value', ...Array.from({ length: 12 }, () => 'nonsense')].join('\n');
    const parsed = parseInterestCsv(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.count).toBe(12);
    expect(parsed.problems.map((problem) => problem.line)).toEqual([2, 3, 4, 5, 6]);
  });

  it('refuses a file with no lines, and one too large to be a trends export, as a whole', () => {
    expect(parseInterestCsv('time,value\n\n')).toEqual({ ok: false, count: 1, problems: [{ line: 0, kind: 'empty' }] });
    expect(parseInterestCsv('x'.repeat(MAX_INTEREST_BYTES + 1))).toEqual({ ok: false, count: 1, problems: [{ line: 0, kind: 'tooLarge' }] });
  });
});

describe("the series on the day's quarter hours", () => {
  const day = localDay(local(13, 7));

  it('the day runs from local midnight in 96 quarter hours; by 13:07, 52 are finished', () => {
    expect(day).toEqual({ from: local(0), intervals: 96 });
    expect(completeIntervals(day, local(13, 7))).toBe(52);
    expect(intervalStarts(day).slice(0, 3)).toEqual([local(0), local(0, 15), local(0, 30)]);
  });

  it('an hourly series fills one interval in four; two points in one interval give their mean; other days are left out', () => {
    const bins = binSeries(
      [
        { at: local(1), value: 10 },
        { at: local(1, 5), value: 20 },
        { at: local(2), value: 30 },
        { at: local(0) - 1, value: 99 },
        { at: local(0) + 24 * 3_600_000, value: 99 },
      ],
      day,
    );
    expect(bins).toHaveLength(96);
    expect(bins[4]).toBe(15);
    expect(bins[8]).toBe(30);
    expect(bins.filter((value) => value !== null)).toEqual([15, 30]);
  });
});
