/** Figures for the social bench: nearest-rank percentiles and the printed table (nothing asserts a time). */

export interface SocialRow {
  readonly name: string;
  readonly samples: readonly number[];
  readonly unit?: 'ms' | 'MB';
  /** As printed, e.g. "≤ 500 ms p95". */
  readonly target: string;
}

export function percentile(values: readonly number[], p: number): number {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

const fmt = (value: number, unit: 'ms' | 'MB') => (Number.isFinite(value) ? `${value.toFixed(1)} ${unit}` : '–');

export function formatSocialTable(rows: readonly SocialRow[]): string {
  const header = ['bench', 'n', 'p50', 'p95', 'max', 'target'];
  const body = rows.map((row) => {
    const unit = row.unit ?? 'ms';
    const finite = row.samples.filter((value) => Number.isFinite(value));
    return [
      row.name,
      String(row.samples.length),
      fmt(percentile(finite, 50), unit),
      fmt(percentile(finite, 95), unit),
      fmt(finite.length === 0 ? Number.NaN : Math.max(...finite), unit),
      row.target,
    ];
  });
  const widths = header.map((cell, i) => Math.max(cell.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i >= 1 && i <= 4 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
