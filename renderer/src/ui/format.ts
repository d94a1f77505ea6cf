/*
 * The desk's one place for numbers, dates, times and durations shown to the
 * agent: everything goes through `Intl` in the agent's language (digits,
 * separators, 24-hour clocks, Arabic's own units). Counts inside
 * translations (`{{count, number}}`) are `formatNumber` too (i18n/i18n.ts
 * gives it to i18next). Nothing else in renderer/src builds a number or a
 * date by hand.
 */

/** A sentiment score with its sign: "+2.5", "−1", "0". */
/*
 * Formatters are made once per language: building an `Intl.*Format` costs a
 * fraction of a millisecond, and a screen pop or an inbox page formats dozens
 * of values (~15 ms of a pop's paint in the context bench's CDP trace).
 */
const scoreFormats = new Map<string, Intl.NumberFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();
const clockFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const twoDigitFormats = new Map<string, Intl.NumberFormat>();
/** By language and unit. */
const waitingFormats = new Map<string, Intl.NumberFormat>();

function cached<F>(formats: Map<string, F>, language: string, make: () => F): F {
  let format = formats.get(language);
  if (format === undefined) {
    format = make();
    formats.set(language, format);
  }
  return format;
}

/** "5 min", "3 h", "2 d": the largest unit that fits, in the agent's language. */
export function formatWaiting(ms: number, language: string): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const [value, unit] = minutes < 60 ? [minutes, 'minute'] : minutes < 48 * 60 ? [Math.floor(minutes / 60), 'hour'] : [Math.floor(minutes / 1440), 'day'];
  // Every inbox row formats two of these as it scrolls into view: a formatter per call was the
  // inbox's largest own cost in the social bench's profile (issue 14 item 2).
  return cached(waitingFormats, `${language}\u0000${unit}`, () => new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short' })).format(value);
}

/** A sentiment score with its sign: "+2.5", "−1", "0". */
export function formatScore(score: number, language: string): string {
  return cached(scoreFormats, language, () => new Intl.NumberFormat(language, { maximumFractionDigits: 1, signDisplay: 'exceptZero' })).format(score);
}

/** A date with its time: "12/4/26, 4:05 PM", "04/12/2026 16:05". */
export function formatTime(at: number, language: string): string {
  return cached(timeFormats, language, () => new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' })).format(at);
}

/** A time of day alone: "16:05", "4:05 PM". */
export function formatClock(at: number, language: string): string {
  return cached(clockFormats, language, () => new Intl.DateTimeFormat(language, { timeStyle: 'short' })).format(at);
}

const correlationFormats = new Map<string, Intl.NumberFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const unitFormats = new Map<string, Intl.NumberFormat>();
const valueFormats = new Map<string, Intl.NumberFormat>();

/** Pearson's r with two decimals and its sign: "+0.83", "−0.12", "0.00" (the supervisor's Volume region). */
export function formatCorrelation(r: number, language: string): string {
  return cached(
    correlationFormats,
    language,
    () => new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }),
  ).format(r);
}

/** A whole day: "4 December 2026", "4 de diciembre de 2026". */
export function formatDay(at: number, language: string): string {
  return cached(dayFormats, language, () => new Intl.DateTimeFormat(language, { dateStyle: 'long' })).format(at);
}

/** A lag as a span of time: "30 minutes", "2 hours"; the plural is the language's. */
export function formatLag(minutes: number, language: string): string {
  const [value, unit] = minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return cached(unitFormats, `${language}|${unit}`, () => new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' })).format(value);
}

/** An imported series value: up to one decimal (trends exports are whole numbers; a mean of several may not be). */
export function formatValue(value: number, language: string): string {
  return cached(valueFormats, language, () => new Intl.NumberFormat(language, { maximumFractionDigits: 1 })).format(value);
}

/** A count with the language's grouping: "12,345", "12 345", "12.345". */
export function formatNumber(value: number, language: string): string {
  return cached(numberFormats, language, () => new Intl.NumberFormat(language)).format(value);
}

/**
 * A running duration as a clock: `m:ss`, or `h:mm:ss` from an hour on;
 * negative spans read 0:00. The digits are the language's (`Intl`); the
 * colon layout is the one call timers use everywhere. (`Intl.DurationFormat`
 * would do this, but Node 20, where the unit tests run, lacks it.)
 */
export function formatDuration(ms: number, language: string): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const one = (value: number) => formatNumber(value, language);
  const two = (value: number) =>
    cached(twoDigitFormats, language, () => new Intl.NumberFormat(language, { minimumIntegerDigits: 2, useGrouping: false })).format(value);
  return hours > 0 ? `${one(hours)}:${two(minutes)}:${two(seconds)}` : `${one(minutes)}:${two(seconds)}`;
}

/** Network ids are ours (`bluesky`); their names are brands, the same in every language. */
const NETWORK_NAMES: Readonly<Record<string, string>> = { bluesky: 'Bluesky' };

export const networkName = (network: string): string => NETWORK_NAMES[network] ?? network;
