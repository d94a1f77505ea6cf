/**
 * CSV as RFC 4180 defines it, plus what real spreadsheets send: a UTF-8 BOM,
 * bare LF or CR line ends, and a last line without a line break.
 *
 * Pure functions on strings; nothing here touches the DOM or evaluates what it
 * reads. Cells are data: on export, a cell that a spreadsheet would run as a
 * formula is neutralised (OWASP "CSV Injection").
 */

/** A quote that is never closed: everything after it would silently become one cell. */
export class CsvSyntaxError extends Error {
  /** 1-based record number where the unclosed quoted field starts. */
  readonly record: number;
  constructor(record: number) {
    super(`CSV: the quoted field in record ${record} is never closed`);
    this.name = 'CsvSyntaxError';
    this.record = record;
  }
}

const BOM = '\uFEFF';

/**
 * Splits CSV text into records of fields (RFC 4180 §2). A quoted field may hold
 * commas, line breaks and doubled quotes; unquoted fields are taken verbatim.
 * Blank lines are skipped. Throws {@link CsvSyntaxError} on an unclosed quote.
 *
 * Linear in the input: each field is cut with `indexOf`, so a 10 kB cell or a
 * 10 000-row file costs one pass.
 */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith(BOM) ? text.slice(1) : text;
  const records: string[][] = [];
  const length = input.length;
  let record: string[] = [];
  let pos = 0;
  let recordNumber = 1;

  const endRecord = () => {
    // A blank line is one empty field; it carries no data.
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
    recordNumber += 1;
  };

  while (pos <= length) {
    if (pos === length) {
      // The input ended right after a separator, or after a line break.
      if (record.length > 0) {
        record.push('');
        endRecord();
      }
      break;
    }
    let value: string;
    if (input.charCodeAt(pos) === 0x22 /* " */) {
      const parts: string[] = [];
      let from = pos + 1;
      for (;;) {
        const quote = input.indexOf('"', from);
        if (quote === -1) throw new CsvSyntaxError(recordNumber);
        parts.push(input.slice(from, quote));
        if (input.charCodeAt(quote + 1) === 0x22) {
          parts.push('"');
          from = quote + 2;
          continue;
        }
        pos = quote + 1;
        break;
      }
      value = parts.join('');
      // RFC 4180 allows nothing between the closing quote and the separator; be lenient and keep it.
      const rest = nextSeparator(input, pos);
      if (rest > pos) value += input.slice(pos, rest);
      pos = rest;
    } else {
      const end = nextSeparator(input, pos);
      value = input.slice(pos, end);
      pos = end;
    }
    record.push(value);
    if (pos >= length) {
      endRecord();
      break;
    }
    const separator = input.charCodeAt(pos);
    if (separator === 0x2c /* , */) {
      pos += 1;
      continue;
    }
    // CRLF, LF or CR end the record.
    pos += separator === 0x0d && input.charCodeAt(pos + 1) === 0x0a ? 2 : 1;
    endRecord();
    if (pos === length) break;
  }
  return records;
}

/** The index of the next `,`, CR or LF at or after `from` (or the input's length). */
function nextSeparator(input: string, from: number): number {
  for (let i = from; i < input.length; i += 1) {
    const code = input.charCodeAt(i);
    if (code === 0x2c || code === 0x0a || code === 0x0d) return i;
  }
  return input.length;
}

/**
 * A cell a spreadsheet would evaluate starts with one of these (OWASP CSV
 * Injection: = + - @ TAB CR). A leading quote mark makes Excel, LibreOffice
 * and Sheets show the cell as text. Cells that already start with quote marks
 * before such a character get one more, so {@link unprotectCell} can undo
 * exactly what was added and the round trip stays lossless.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const PROTECTED = /^'+[=+\-@\t\r]/;

export function protectCell(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** Removes the one quote mark {@link protectCell} added; other cells are returned unchanged. */
export function unprotectCell(cell: string): string {
  return PROTECTED.test(cell) ? cell.slice(1) : cell;
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function quoteField(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export interface CsvWriteOptions {
  /** Neutralise formula-like cells (default true): exports are opened in spreadsheets. */
  readonly protectFormulas?: boolean;
  /** Start with a UTF-8 BOM (default true) so Excel reads accents and non-Latin names correctly. */
  readonly bom?: boolean;
}

/** Writes records as RFC 4180 CSV: CRLF line ends, fields quoted only when they must be. */
export function serialiseCsv(records: readonly (readonly string[])[], options: CsvWriteOptions = {}): string {
  const protect = options.protectFormulas ?? true;
  const lines = records.map((record) => record.map((cell) => quoteField(protect ? protectCell(cell) : cell)).join(','));
  return `${options.bom === false ? '' : BOM}${lines.join('\r\n')}\r\n`;
}
