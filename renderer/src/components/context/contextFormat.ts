/**
 * Formatters for the panel, made once per language. `Intl.*Format` construction
 * costs a fraction of a millisecond each: a screen pop with twenty history
 * entries and ten posts built one per line and spent ~15 ms of its paint there
 * (CDP trace of the context bench). Same output as components/social/format.ts.
 */
const dateTimes = new Map<string, Intl.DateTimeFormat>();
const scores = new Map<string, Intl.NumberFormat>();

export function formatContextTime(at: number, language: string): string {
  let format = dateTimes.get(language);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' });
    dateTimes.set(language, format);
  }
  return format.format(at);
}

/** A sentiment score with its sign: "+2.5", "−1", "0". */
export function formatContextScore(score: number, language: string): string {
  let format = scores.get(language);
  if (format === undefined) {
    format = new Intl.NumberFormat(language, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
    scores.set(language, format);
  }
  return format.format(score);
}
