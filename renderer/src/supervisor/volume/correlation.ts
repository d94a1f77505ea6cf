/**
 * How closely calls follow mentions (issue 16, item 5): Pearson's correlation
 * of two series of counts, and the lag at which it is highest, so a forecast
 * of calls from social noise can be checked. Pure functions over the day's
 * intervals; no clock, no DOM.
 */

/** Fewer pairs than this say nothing about a correlation. */
export const MIN_PAIRS = 3;

/** How far calls are looked for before and after mentions: ±8 quarter hours, two hours either way. */
export const MAX_LAG = 8;

/**
 * Pearson's r of two equally long series; null when there are fewer than
 * `MIN_PAIRS` pairs or either series is flat (r is undefined there, and 0
 * would falsely read as "no relation").
 */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < MIN_PAIRS) return null;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    sumX += xs[i] ?? 0;
    sumY += ys[i] ?? 0;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - meanX;
    const dy = (ys[i] ?? 0) - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  if (varianceX === 0 || varianceY === 0) return null;
  // Rounding can push a perfect correlation a hair past ±1.
  return Math.max(-1, Math.min(1, covariance / Math.sqrt(varianceX * varianceY)));
}

/**
 * r of `leading[t]` against `following[t + lag]` over the intervals where
 * both exist: a positive lag means the second series follows the first by
 * that many intervals.
 */
export function laggedPearson(leading: readonly number[], following: readonly number[], lag: number): number | null {
  const n = Math.min(leading.length, following.length);
  const start = Math.max(0, -lag);
  const end = Math.min(n, n - lag);
  if (end - start < MIN_PAIRS) return null;
  return pearson(leading.slice(start, end), following.slice(start + lag, end + lag));
}

export interface BestLag {
  /** Intervals by which calls follow mentions (negative: calls came first). */
  readonly lag: number;
  readonly r: number;
}

/**
 * The lag in −maxLag..+maxLag where the correlation is highest; on a tie the
 * lag nearest to zero (the plainer explanation), then the positive one (calls
 * after mentions is what a forecast uses). Null when no lag has an r.
 */
export function bestLag(mentions: readonly number[], calls: readonly number[], maxLag: number = MAX_LAG): BestLag | null {
  let best: BestLag | null = null;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const r = laggedPearson(mentions, calls, lag);
    if (r === null) continue;
    if (best === null || r > best.r + 1e-12 || (Math.abs(r - best.r) <= 1e-12 && nearer(lag, best.lag))) best = { lag, r };
  }
  return best;
}

function nearer(lag: number, than: number): boolean {
  return Math.abs(lag) < Math.abs(than) || (Math.abs(lag) === Math.abs(than) && lag > than);
}
