/**
 * Figures for the benches: percentiles (nearest rank) and the summary table.
 * Benches print; nothing here asserts a time.
 */

export interface Row {
  readonly name: string;
  /** Samples in the row's unit (ms unless `unit` says otherwise). */
  readonly samples: readonly number[];
  readonly unit?: 'ms' | 's';
  /** Target as printed, e.g. "≤ 40 ms p95". */
  readonly target: string;
  /** Optional note printed under the table. */
  readonly note?: string;
}

/** Nearest-rank percentile of `values` (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

function fmt(value: number, unit: 'ms' | 's'): string {
  if (!Number.isFinite(value)) return '–';
  return unit === 's' ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function table(header: readonly string[], rows: readonly (readonly string[])[], rightFrom: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => pad(c, widths[i] ?? 0, i >= rightFrom && i < cells.length - 1)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function timingTable(rows: readonly Row[]): string {
  return table(
    ['bench', 'n', 'p50', 'p95', 'max', 'target'],
    rows.map((row) => {
      const unit = row.unit ?? 'ms';
      return [
        row.name,
        String(row.samples.length),
        fmt(percentile(row.samples, 50), unit),
        fmt(percentile(row.samples, 95), unit),
        fmt(Math.max(...row.samples), unit),
        row.target,
      ];
    }),
    1,
  );
}

export interface MemoryRow {
  readonly name: string;
  readonly at: readonly { readonly calls: number; readonly value: number }[];
  readonly unit: 'bytes' | 'nodes';
  readonly target: string;
}

function fmtMem(value: number, unit: 'bytes' | 'nodes'): string {
  if (unit === 'nodes') return String(Math.round(value));
  const abs = Math.abs(value);
  if (abs >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(2)} MB`;
  if (abs >= 1024) return `${(value / 1024).toFixed(1)} kB`;
  return `${value.toFixed(0)} B`;
}

/** Memory after N calls, and the growth per call between the first and last reading. */
export function memoryTable(rows: readonly MemoryRow[]): string {
  const points = [...new Set(rows.flatMap((row) => row.at.map((p) => p.calls)))].sort((a, b) => a - b);
  return table(
    ['memory', ...points.map((p) => `after ${p}`), 'growth/call', 'target'],
    rows.map((row) => {
      const cells = points.map((p) => {
        const found = row.at.find((a) => a.calls === p);
        return found === undefined ? '–' : fmtMem(found.value, row.unit);
      });
      const first = row.at[0];
      const last = row.at.at(-1);
      const growth =
        first !== undefined && last !== undefined && last.calls > first.calls ? (last.value - first.value) / (last.calls - first.calls) : Number.NaN;
      const growthText = Number.isFinite(growth) ? `${growth >= 0 ? '+' : ''}${row.unit === 'nodes' ? growth.toFixed(2) : fmtMem(growth, row.unit)}` : '–';
      return [row.name, ...cells, growthText, row.target];
    }),
    1,
  );
}
