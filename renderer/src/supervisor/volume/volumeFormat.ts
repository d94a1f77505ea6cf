/*
 * The region "Volume"'s own numbers, in the supervisor's language through
 * `Intl` like ui/format.ts (kept here so the feature stays in its folder).
 */

const correlationFormats = new Map<string, Intl.NumberFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const minuteFormats = new Map<string, Intl.NumberFormat>();
const valueFormats = new Map<string, Intl.NumberFormat>();

function cached<F>(formats: Map<string, F>, language: string, make: () => F): F {
  let format = formats.get(language);
  if (format === undefined) {
    format = make();
    formats.set(language, format);
  }
  return format;
}

/** Pearson's r with two decimals and its sign: "+0.83", "−0.12", "0.00". */
export function formatCorrelation(r: number, language: string): string {
  return cached(
    correlationFormats,
    language,
    () => new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }),
  ).format(r);
}

/** The chart's day: "4 December 2026", "4 de diciembre de 2026". */
export function formatDay(at: number, language: string): string {
  return cached(dayFormats, language, () => new Intl.DateTimeFormat(language, { dateStyle: 'long' })).format(at);
}

/** A lag as a span of time: "30 minutes", "2 hours"; the plural is the language's. */
export function formatLag(minutes: number, language: string): string {
  const [value, unit] = minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return cached(minuteFormats, `${language}|${unit}`, () => new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' })).format(value);
}

/** An imported value: up to one decimal (trends exports are whole numbers; a mean of several may not be). */
export function formatValue(value: number, language: string): string {
  return cached(valueFormats, language, () => new Intl.NumberFormat(language, { maximumFractionDigits: 1 })).format(value);
}
