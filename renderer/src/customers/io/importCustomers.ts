import type en from '../../i18n/locales/en.json';
import { MAX_NAME, MAX_NOTE } from '../model';
import { identityKey, normaliseImportedIdentity, type PortableIdentity } from './identity';
import { candidatesFromCsv, candidatesFromVCard, type ImportCandidate, type PortableCustomer } from './portable';

/**
 * Importing customers: read a CSV or vCard file, normalise every identity,
 * reject what cannot be trusted (each with a reason the agent can read), and
 * store the rest in batches without freezing the page.
 *
 *   file text ──parse──▶ candidates ──validate (per batch)──▶ accepted ──sink.ownersOf──▶ sink.addCustomers
 *                                           └────────────── rejected rows ◀───────────────┘
 *
 * Storage is injected ({@link CustomerImportSink}), so this module stays pure
 * and is tested without IndexedDB.
 */

export type ImportReasonKey = `importExport.reason.${keyof (typeof en)['importExport']['reason']}`;

/** An i18n key and its values: the UI translates it; values are file text, shown only as text. */
export interface ImportReason {
  readonly key: ImportReasonKey;
  readonly values: Readonly<Record<string, string | number>>;
}

export interface RejectedRow {
  /** CSV: the record number, header = 1. vCard: the card's position. 0: the whole file. */
  readonly row: number;
  readonly reason: ImportReason;
}

export interface ImportReport {
  readonly imported: number;
  readonly rejected: readonly RejectedRow[];
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
/** Values quoted back in a reason are cut: a 10 kB cell must not become a 10 kB report line. */
const MAX_QUOTED_CHARS = 64;

const quote = (text: string): string => (text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS - 1)}…` : text);
const reason = (key: ImportReasonKey, values: Record<string, string | number> = {}): ImportReason => ({ key, values });

/** Picks the format from the file name, then from the content: a .vcf or text that starts with BEGIN:VCARD is vCard. */
export function detectFormat(fileName: string, text: string): ImportFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.vcf') || lower.endsWith('.vcard')) return 'vcard';
  if (lower.endsWith('.csv')) return 'csv';
  if (/^\uFEFF?\s*BEGIN:VCARD/i.test(text)) return 'vcard';
  return null;
}

export const defaultYield = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Validates one candidate: a name and every identity valid. One bad identity rejects the whole row. */
export function validateCandidate(
  candidate: ImportCandidate,
  defaultRegion: string,
): { ok: true; customer: PortableCustomer } | { ok: false; reason: ImportReason } {
  // Over-long text is cut, not refused, as the repository does (an import must not lose a customer for it).
  const name = candidate.name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME).trim();
  if (name === '') return { ok: false, reason: reason('importExport.reason.emptyName') };
  const note = candidate.note.trim().slice(0, MAX_NOTE);
  const identities: PortableIdentity[] = [];
  const seen = new Set<string>();
  for (const { kind, raw } of candidate.identities) {
    const identity = normaliseImportedIdentity(kind, raw, defaultRegion);
    if (identity === null) {
      const key = (
        {
          phone: 'importExport.reason.badPhone',
          sip: 'importExport.reason.badSip',
          bluesky: 'importExport.reason.badHandle',
          email: 'importExport.reason.badEmail',
        } as const
      )[kind];
      return { ok: false, reason: reason(key, { value: quote(raw) }) };
    }
    // The same number written twice in one row is one identity.
    if (seen.has(identityKey(identity))) continue;
    seen.add(identityKey(identity));
    identities.push(identity);
  }
  return { ok: true, customer: { id: candidate.id, name, identities, note } };
}

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
  if (format === null) return { imported: 0, rejected: [{ row: 0, reason: reason('importExport.reason.unsupportedFile') }] };
  const read = format === 'csv' ? candidatesFromCsv(file.text) : candidatesFromVCard(file.text);
  if (!read.ok) return { imported: 0, rejected: [{ row: read.row, reason: reason(`importExport.reason.${read.error}`, { row: read.row }) }] };
  const candidates = read.candidates;
  if (candidates.length > MAX_IMPORT_ROWS)
    return { imported: 0, rejected: [{ row: 0, reason: reason('importExport.reason.tooManyRows', { max: MAX_IMPORT_ROWS }) }] };

  const batchSize = Math.max(1, options.batchSize ?? 250);
  const yieldToPage = options.yieldToPage ?? defaultYield;
  const rejected: RejectedRow[] = [];
  /** identityKey → the row that brought it first: later rows with it are duplicates. */
  const firstRow = new Map<string, number>();
  let imported = 0;
  options.onProgress?.({ done: 0, total: candidates.length });

  for (let start = 0; start < candidates.length; start += batchSize) {
    options.signal?.throwIfAborted();
    const batch = candidates.slice(start, start + batchSize);
    const valid: { row: number; customer: PortableCustomer }[] = [];
    for (const candidate of batch) {
      const result = validateCandidate(candidate, options.defaultRegion);
      if (!result.ok) {
        rejected.push({ row: candidate.row, reason: result.reason });
        continue;
      }
      const duplicate = result.customer.identities.find((identity) => firstRow.has(identityKey(identity)));
      if (duplicate !== undefined) {
        rejected.push({
          row: candidate.row,
          reason: reason('importExport.reason.duplicateIdentity', { value: quote(duplicate.value), row: firstRow.get(identityKey(duplicate)) ?? 0 }),
        });
        continue;
      }
      for (const identity of result.customer.identities) firstRow.set(identityKey(identity), candidate.row);
      valid.push({ row: candidate.row, customer: result.customer });
    }

    const owners = await sink.ownersOf(valid.flatMap(({ customer }) => customer.identities));
    const accepted: PortableCustomer[] = [];
    for (const { row, customer } of valid) {
      // An identity may already belong to this very customer (a re-import of Tandem's own export); any other owner wins.
      const taken = customer.identities.find((identity) => {
        const owner = owners.get(identityKey(identity));
        return owner !== undefined && owner !== customer.id;
      });
      if (taken === undefined) accepted.push(customer);
      else rejected.push({ row, reason: reason('importExport.reason.identityTaken', { value: quote(taken.value) }) });
    }
    if (accepted.length > 0) await sink.addCustomers(accepted);
    imported += accepted.length;
    options.onProgress?.({ done: Math.min(start + batch.length, candidates.length), total: candidates.length });
    await yieldToPage();
  }
  return { imported, rejected };
}
