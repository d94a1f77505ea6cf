import * as z from 'zod';

/**
 * An external interest series (issue 16, item 5), e.g. a search-trends
 * export: CSV with `time,value` per line, an optional header line first.
 * Times are ISO 8601 dates or date-times (a time without an offset is the
 * supervisor's local time, as trends exports write them); values are plain
 * numbers, or `<1` as trends exports write a trace. Every bad line is named
 * with its number and what is wrong with it, so the file can be fixed.
 */

export const MAX_INTEREST_ROWS = 20_000;
/** A file this size is no trends export; refusing it keeps the page responsive. */
export const MAX_INTEREST_BYTES = 2_000_000;
/** The view lists this many bad lines; the count says how many more. */
export const LISTED_PROBLEMS = 5;

export interface InterestPoint {
  readonly at: number;
  readonly value: number;
}

/** `tooLarge`, `empty`: the whole file (line 0); `tooMany`: a line past the row limit. */
export type InterestProblemKind = 'columns' | 'time' | 'value' | 'tooMany' | 'empty' | 'tooLarge';

export interface InterestProblem {
  /** 1-based, as an editor numbers lines; 0 for the whole file. */
  readonly line: number;
  readonly kind: InterestProblemKind;
}

export type InterestParse =
  { readonly ok: true; readonly points: InterestPoint[] } | { readonly ok: false; readonly problems: InterestProblem[]; readonly count: number };

/*
 * Flat patterns (no nested quantifiers, so no catastrophic backtracking on a
 * hostile file): a date first, then only the characters an ISO 8601 time may
 * use; Date.parse decides the rest and says NaN for anything else.
 */
const DATE_FIRST = /^\d{4}-\d\d-\d\d/;
const TIME_CHARACTERS = /^[\d:.TZ +-]{10,35}$/;
const NUMBER_CHARACTERS = /^[+-]?[\d.]+$/;

const Time = z
  .string()
  .regex(DATE_FIRST)
  .regex(TIME_CHARACTERS)
  // A date alone is local midnight, like a date-time without an offset (Date.parse reads a bare date as UTC).
  .transform((text) => Date.parse(text.length === 10 ? `${text}T00:00` : text.replace(' ', 'T')))
  .pipe(z.number().finite());

const Value = z
  .string()
  // Trends exports write "<1" for a trace of interest.
  .transform((text) => (text === '<1' ? '0.5' : text))
  .pipe(z.string().max(30).regex(NUMBER_CHARACTERS))
  .transform(Number)
  .pipe(z.number().finite());

const Row = z.tuple([Time, Value]);

/** Splits one line into cells: commas (or semicolons, as some locales export), double quotes around a cell allowed. */
function cells(line: string): string[] {
  const separator = line.includes(',') ? ',' : ';';
  return line.split(separator).map((cell) => {
    const trimmed = cell.trim();
    return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).trim() : trimmed;
  });
}

export function parseInterestCsv(text: string): InterestParse {
  if (text.length > MAX_INTEREST_BYTES) return { ok: false, problems: [{ line: 0, kind: 'tooLarge' }], count: 1 };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const points: InterestPoint[] = [];
  const problems: InterestProblem[] = [];
  let count = 0;
  let headerAllowed = true;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const row = cells(line);
    const parsed = row.length === 2 ? Row.safeParse(row) : null;
    if (parsed?.success === true) {
      headerAllowed = false;
      if (points.length < MAX_INTEREST_ROWS) {
        points.push({ at: parsed.data[0], value: parsed.data[1] });
        return;
      }
      count++;
      if (problems.length < LISTED_PROBLEMS) problems.push({ line: index + 1, kind: 'tooMany' });
      return;
    }
    // The first line may name the columns ("time,value", "Week,coffee: (Worldwide)").
    if (headerAllowed && row.length === 2 && !Time.safeParse(row[0]).success) {
      headerAllowed = false;
      return;
    }
    headerAllowed = false;
    count++;
    if (problems.length < LISTED_PROBLEMS) problems.push({ line: index + 1, kind: problemOf(row, parsed) });
  });
  if (count > 0) return { ok: false, problems, count };
  if (points.length === 0) return { ok: false, problems: [{ line: 0, kind: 'empty' }], count: 1 };
  return { ok: true, points: points.sort((a, b) => a.at - b.at) };
}

function problemOf(row: string[], parsed: ReturnType<typeof Row.safeParse> | null): InterestProblemKind {
  if (parsed === null || row.length !== 2) return 'columns';
  return (parsed.error?.issues ?? []).some((issue) => issue.path[0] === 0) ? 'time' : 'value';
}
