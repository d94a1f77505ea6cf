import { identityKey, type PortableIdentity } from './identity';
import { importReason as reason, quoteValue as quote, type ImportReason } from './importReason';
import { candidatesFromCsv, candidatesFromVCard, type PortableCustomer } from './portable';
import { validateRow } from './rowValidation';

export type { ImportReason, ImportReasonKey } from './importReason';

/**
 * Importing customers: read a CSV or vCard file, normalise every identity,
 * reject what cannot be trusted (each with a reason the agent can read), and
 * store the rest in batches without freezing the page.
 *
 *   file text ──parse──▶ candidates ──validate field by field (per batch)──▶ accepted ──sink.ownersOf──▶ sink.addCustomers
 *                                           │  bad fields dropped ──▶ warnings
 *                                           └── nothing to identify the customer, or an identity another row or customer
 *                                               already has (the same person again) ──▶ rejected rows (with the file's cells)
 *
 * Storage is injected ({@link CustomerImportSink}), so this module stays pure
 * and is tested without IndexedDB.
 */

export interface RejectedRow {
  /** CSV: the record number, header = 1. vCard: the card's position. 0: the whole file. */
  readonly row: number;
  readonly reason: ImportReason;
  /** The row as the file had it (none for the whole file), for the rejected rows' CSV. */
  readonly cells?: readonly string[];
}

/** A row imported without some of its fields: which, and why. */
export interface WarnedRow {
  readonly row: number;
  readonly warnings: readonly ImportReason[];
}

export interface ImportReport {
  readonly imported: number;
  /** Imported rows that lost a field, in file order. */
  readonly warned: readonly WarnedRow[];
  readonly rejected: readonly RejectedRow[];
  /** The file's column names: the rejected rows' CSV is written under them (empty when the file was not read). */
  readonly header: readonly string[];
}

export interface ImportProgress {
  readonly done: number;
  readonly total: number;
}

/** Where imported customers go; the customer repository implements it. */
export interface CustomerImportSink {
  /** For each given identity already linked to a customer: `identityKey → customer id`. Identities not linked are absent. */
  ownersOf(identities: readonly PortableIdentity[]): Promise<ReadonlyMap<string, string>>;
  /**
   * Stores one batch, in one transaction. A customer whose `id` names a stored
   * customer updates it (the round trip of Tandem's own export); the others are new.
   */
  addCustomers(customers: readonly PortableCustomer[]): Promise<void>;
}

export interface ImportOptions {
  /** The desk's default region (ISO 3166 alpha-2) for numbers written without a country code. */
  readonly defaultRegion: string;
  /** Customers per write; default 250, so one batch's parsing and validation stay under the 50 ms long-task mark. */
  readonly batchSize?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Lets the page paint and handle input between batches; default a macrotask. */
  readonly yieldToPage?: () => Promise<void>;
  readonly signal?: AbortSignal;
}

export type ImportFormat = 'csv' | 'vcard';

export const MAX_IMPORT_ROWS = 100_000;

const wholeFile = (why: ImportReason, row = 0): ImportReport => ({ imported: 0, warned: [], rejected: [{ row, reason: why }], header: [] });

/** Picks the format from the file name, then from the content: a .vcf or text that starts with BEGIN:VCARD is vCard. */
export function detectFormat(fileName: string, text: string): ImportFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.vcf') || lower.endsWith('.vcard')) return 'vcard';
  if (lower.endsWith('.csv')) return 'csv';
  if (/^\uFEFF?\s*BEGIN:VCARD/i.test(text)) return 'vcard';
  return null;
}

export const defaultYield = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Imports a whole file. Never throws for bad content: a damaged file is one
 * rejected "row 0" with its reason. Errors from the sink (storage) do
 * propagate, after the batches before them were stored.
 */
export async function importCustomers(
  file: { readonly name: string; readonly text: string },
  sink: CustomerImportSink,
  options: ImportOptions,
): Promise<ImportReport> {
  const format = detectFormat(file.name, file.text);
  if (format === null) return wholeFile(reason('importExport.reason.unsupportedFile'));
  const read = format === 'csv' ? candidatesFromCsv(file.text) : candidatesFromVCard(file.text);
  if (!read.ok) return wholeFile(reason(`importExport.reason.${read.error}`, { row: read.row }), read.row);
  const { candidates, header } = read;
  if (candidates.length > MAX_IMPORT_ROWS) return wholeFile(reason('importExport.reason.tooManyRows', { max: MAX_IMPORT_ROWS }));

  const batchSize = Math.max(1, options.batchSize ?? 250);
  const yieldToPage = options.yieldToPage ?? defaultYield;
  const rejected: RejectedRow[] = [];
  const warned: WarnedRow[] = [];
  /** identityKey → the row that brought it first: later rows with it are duplicates. */
  const firstRow = new Map<string, number>();
  let imported = 0;
  options.onProgress?.({ done: 0, total: candidates.length });

  for (let start = 0; start < candidates.length; start += batchSize) {
    options.signal?.throwIfAborted();
    const batch = candidates.slice(start, start + batchSize);
    const valid: Checked[] = [];
    for (const candidate of batch) {
      const result = validateRow(candidate, options.defaultRegion);
      if (!result.ok) {
        rejected.push({ row: candidate.row, reason: result.reason, cells: candidate.cells });
        continue;
      }
      const duplicate = result.customer.identities.find((identity) => firstRow.has(identityKey(identity)));
      if (duplicate !== undefined) {
        const why = reason('importExport.reason.duplicateIdentity', { value: quote(duplicate.value), row: firstRow.get(identityKey(duplicate)) ?? 0 });
        rejected.push({ row: candidate.row, reason: why, cells: candidate.cells });
        continue;
      }
      for (const identity of result.customer.identities) firstRow.set(identityKey(identity), candidate.row);
      valid.push({ row: candidate.row, cells: candidate.cells, customer: result.customer, warnings: result.warnings });
    }

    const owners = await sink.ownersOf(valid.flatMap(({ customer }) => customer.identities));
    const accepted: PortableCustomer[] = [];
    for (const entry of valid) {
      // An identity may already belong to this very customer (a re-import of Tandem's own export); another owner
      // means the row is a customer the desk already has: importing it again would make a second one.
      const taken = entry.customer.identities.find((identity) => {
        const owner = owners.get(identityKey(identity));
        return owner !== undefined && owner !== entry.customer.id;
      });
      if (taken !== undefined) {
        rejected.push({ row: entry.row, reason: reason('importExport.reason.identityTaken', { value: quote(taken.value) }), cells: entry.cells });
        continue;
      }
      accepted.push(entry.customer);
      if (entry.warnings.length > 0) warned.push({ row: entry.row, warnings: entry.warnings });
    }
    if (accepted.length > 0) await sink.addCustomers(accepted);
    imported += accepted.length;
    options.onProgress?.({ done: Math.min(start + batch.length, candidates.length), total: candidates.length });
    await yieldToPage();
  }
  warned.sort((a, b) => a.row - b.row);
  return { imported, warned, rejected, header };
}

/** A row that passed its own checks, on its way past the file's and the desk's. */
interface Checked {
  readonly row: number;
  readonly cells: readonly string[];
  readonly customer: PortableCustomer;
  readonly warnings: readonly ImportReason[];
}
