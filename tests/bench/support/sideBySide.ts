/**
 * The side-by-side table of issue 14 item 5: each figure for Tandem and for the bare sip.js page
 * (support/barePage.ts) measured in the same run on the same path, with the ratio Tandem / bare
 * at p50 and p95, and a column for Browser-Phone that says why it is empty. Printed by
 * answer.bench.ts; tests/bench/README.md explains each row.
 */
import { percentile } from './stats';

export interface SideBySideRow {
  readonly figure: string;
  readonly unit: 'ms' | 'elements' | 'MB';
  readonly tandem: readonly number[];
  readonly bare: readonly number[];
  /** The issue's target for the ratio, when it has one (printed beside the p95 ratio). */
  readonly target?: string;
}

/** Why the Browser-Phone column is empty; checked on 5 Dec 2026: no npm package, and its repository is on GitHub only. */
export const BROWSER_PHONE_ABSENT =
  'Browser-Phone: not available here (its files cannot be fetched: the machine reaches only npm and Debian, and Browser-Phone is not on npm)';

const value = (samples: readonly number[], p: number, unit: SideBySideRow['unit']): string => {
  if (samples.length === 0) return '—';
  const v = percentile(samples, p);
  return unit === 'MB' ? v.toFixed(2) : v.toFixed(0);
};

const ratio = (tandem: readonly number[], bare: readonly number[], p: number): string =>
  tandem.length === 0 || bare.length === 0 ? '—' : (percentile(tandem, p) / percentile(bare, p)).toFixed(2);

/** A Markdown table: n, p50 and p95 per side, the ratios, and the empty Browser-Phone column. */
export function sideBySideTable(rows: readonly SideBySideRow[]): string {
  return [
    '| figure | unit | Tandem n | Tandem p50 | Tandem p95 | bare sip.js n | bare p50 | bare p95 | ratio p50 | ratio p95 | Browser-Phone |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows
      .map((row) =>
        [
          row.figure,
          row.unit,
          String(row.tandem.length),
          value(row.tandem, 50, row.unit),
          value(row.tandem, 95, row.unit),
          String(row.bare.length),
          value(row.bare, 50, row.unit),
          value(row.bare, 95, row.unit),
          ratio(row.tandem, row.bare, 50),
          `${ratio(row.tandem, row.bare, 95)}${row.target === undefined ? '' : ` (target ${row.target})`}`,
          'n/a',
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
    '',
    BROWSER_PHONE_ABSENT,
  ].join('\n');
}
