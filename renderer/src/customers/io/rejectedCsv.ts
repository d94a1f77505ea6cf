import { serialiseCsv } from './csv';
import type { ImportReason } from './importReason';
import type { RejectedRow } from './importCustomers';

/**
 * The rows an import refused, as a CSV the agent can fix and import again:
 * the file's own columns and cells, then the row number and the reason in the
 * agent's language. Cells are the file's text: formula-like ones are
 * neutralised on the way out like every export (csv.ts), and Tandem's import
 * removes that quote again, so fixing a row and re-importing it round-trips.
 */
export interface RejectedCsvLabels {
  /** The column with the row number in the original file. */
  readonly row: string;
  readonly reason: string;
  readonly translate: (reason: ImportReason) => string;
}

export function rejectedRowsToCsv(header: readonly string[], rejected: readonly RejectedRow[], labels: RejectedCsvLabels): string {
  const width = Math.max(header.length, ...rejected.map((row) => row.cells?.length ?? 0));
  const pad = (cells: readonly string[]) => [...cells, ...Array<string>(width - cells.length).fill('')];
  const rows = [...rejected].sort((a, b) => a.row - b.row);
  return serialiseCsv([
    [...pad(header), labels.row, labels.reason],
    ...rows.map((row) => [...pad(row.cells ?? []), String(row.row), labels.translate(row.reason)]),
  ]);
}
