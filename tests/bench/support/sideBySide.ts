/**
 * The side-by-side table of issue 14 item 5: each figure for Tandem, for the bare sip.js page
 * (support/barePage.ts) and, when BENCH_BROWSER_PHONE names a checkout of it, for Browser-Phone
 * (support/browserPhoneHost.ts), measured in the same run on the same path, with the ratios
 * Tandem / bare and Tandem / Browser-Phone. Printed by answer.bench.ts; tests/bench/README.md
 * explains each row.
 */
import { percentile } from './stats';

export interface SideBySideRow {
  readonly figure: string;
  readonly unit: 'ms' | 'elements' | 'MB';
  readonly tandem: readonly number[];
  readonly bare: readonly number[];
  /** Empty when Browser-Phone ran but this figure could not be taken on it (the table's notes say why). */
  readonly browserPhone?: readonly number[];
  /** The issue's target for the ratio, when it has one (printed beside the p95 ratio). */
  readonly target?: string;
}

/** Whether Browser-Phone ran: why not, or the notes on its rows. */
export type BrowserPhoneColumn = { readonly absent: string } | { readonly notes: readonly string[] };

const value = (samples: readonly number[], p: number, unit: SideBySideRow['unit']): string => {
  if (samples.length === 0) return '—';
  const v = percentile(samples, p);
  return unit === 'MB' ? v.toFixed(2) : v.toFixed(0);
};

const ratio = (tandem: readonly number[], other: readonly number[], p: number): string =>
  tandem.length === 0 || other.length === 0 ? '—' : (percentile(tandem, p) / percentile(other, p)).toFixed(2);

/** n, p50 and p95 per desk, and the ratios; Browser-Phone's cells read n/a when it did not run. */
export function sideBySideTable(rows: readonly SideBySideRow[], browserPhone: BrowserPhoneColumn): string {
  const ran = 'notes' in browserPhone;
  const browserPhoneCells = (row: SideBySideRow): string[] => {
    if (!ran) return ['n/a', 'n/a', 'n/a', 'n/a'];
    const samples = row.browserPhone ?? [];
    return [String(samples.length), value(samples, 50, row.unit), value(samples, 95, row.unit), ratio(row.tandem, samples, 95)];
  };
  return [
    '| figure | unit | Tandem n | Tandem p50 | Tandem p95 | bare sip.js n | bare p50 | bare p95 | ratio T/bare p50 | ratio T/bare p95 | Browser-Phone n | BP p50 | BP p95 | ratio T/BP p95 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
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
          ...browserPhoneCells(row),
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
    '',
    ...(ran ? browserPhone.notes.map((note) => `Browser-Phone: ${note}`) : [browserPhone.absent]),
  ].join('\n');
}
