import { describe, expect, it } from 'vitest';
import { rowWindowOf } from '../../../renderer/src/ui/useRowWindow';

// The inbox's window over its fixed-height rows (issue 14 item 2): which rows are rendered is
// arithmetic on the first row in view, the same for 60 rows or 100 000.

const ROWS = { rowHeight: 64, overscan: 6, unlaidHeight: 768 } as const;

describe('the rows a long list renders', () => {
  it('at the top: the screenful in view and the overscan below it', () => {
    // 560 px show 8.75 rows: 10 may be partly in view, then 6 more.
    expect(rowWindowOf(0, 560, 100_000, ROWS)).toEqual({ first: 0, end: 16 });
  });

  it('in the middle of 100 000: the same number of rows, overscan on both sides', () => {
    expect(rowWindowOf(50_000, 560, 100_000, ROWS)).toEqual({ first: 49_994, end: 50_016 });
  });

  it('at the end, and after the list shrank under a stale scroll position: the last rows, never past them', () => {
    expect(rowWindowOf(99_991, 560, 100_000, ROWS)).toEqual({ first: 99_984, end: 100_000 });
    expect(rowWindowOf(5_000, 560, 30, ROWS)).toEqual({ first: 14, end: 30 });
  });

  it('a list shorter than the viewport renders every row; an empty one renders none', () => {
    expect(rowWindowOf(0, 560, 3, ROWS)).toEqual({ first: 0, end: 3 });
    expect(rowWindowOf(0, 560, 0, ROWS)).toEqual({ first: 0, end: 0 });
  });
});
