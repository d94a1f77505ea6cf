/** "5 min", "3 h", "2 d": the largest unit that fits, in the agent's language. */
export function formatWaiting(ms: number, language: string): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const [value, unit] = minutes < 60 ? [minutes, 'minute'] : minutes < 48 * 60 ? [Math.floor(minutes / 60), 'hour'] : [Math.floor(minutes / 1440), 'day'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}

/** A sentiment score with its sign: "+2.5", "−1", "0". */
/*
 * Formatters are made once per language: building an `Intl.*Format` costs a
 * fraction of a millisecond, and a screen pop or an inbox page formats dozens
 * of values (~15 ms of a pop's paint in the context bench's CDP trace).
 */
const scoreFormats = new Map<string, Intl.NumberFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

function cached<F>(formats: Map<string, F>, language: string, make: () => F): F {
  let format = formats.get(language);
  if (format === undefined) {
    format = make();
    formats.set(language, format);
  }
  return format;
}

/** A sentiment score with its sign: "+2.5", "−1", "0". */
export function formatScore(score: number, language: string): string {
  return cached(scoreFormats, language, () => new Intl.NumberFormat(language, { maximumFractionDigits: 1, signDisplay: 'exceptZero' })).format(score);
}

export function formatTime(at: number, language: string): string {
  return cached(timeFormats, language, () => new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' })).format(at);
}

/** Network ids are ours (`bluesky`); their names are brands, the same in every language. */
const NETWORK_NAMES: Readonly<Record<string, string>> = { bluesky: 'Bluesky' };

export const networkName = (network: string): string => NETWORK_NAMES[network] ?? network;
