/**
 * Where the time goes: each call's stamped steps (page trace + Node-side
 * events) relative to its start, aggregated per step as median and p95 of
 * the step's first occurrence.
 */
import { percentile } from './stats';

export interface Step {
  readonly at: number;
  readonly what: string;
}

export class Timeline {
  readonly #samples = new Map<string, number[]>();
  #calls = 0;

  constructor(readonly title: string) {}

  /** Adds one call: `steps` in wall clock, `start` the instant that counts as 0. */
  add(start: number, steps: readonly Step[]): void {
    this.#calls += 1;
    const seen = new Set<string>();
    for (const step of [...steps].sort((a, b) => a.at - b.at)) {
      if (seen.has(step.what) || step.at < start - 1) continue;
      seen.add(step.what);
      const list = this.#samples.get(step.what) ?? [];
      list.push(step.at - start);
      this.#samples.set(step.what, list);
    }
  }

  render(): string {
    const rows = [...this.#samples.entries()]
      .map(([what, samples]) => ({
        what,
        samples,
        p50: percentile(samples, 50),
        p95: percentile(samples, 95),
      }))
      .sort((a, b) => a.p50 - b.p50);
    const width = Math.max(4, ...rows.map((row) => row.what.length));
    const lines = [
      `${this.title} — ms since t=0, over ${this.#calls} calls (first occurrence of each step)`,
      `  ${'step'.padEnd(width)}  ${'n'.padStart(3)}  ${'p50'.padStart(7)}  ${'p95'.padStart(7)}`,
    ];
    for (const row of rows) {
      lines.push(
        `  ${row.what.padEnd(width)}  ${String(row.samples.length).padStart(3)}  ${row.p50.toFixed(1).padStart(7)}  ${row.p95.toFixed(1).padStart(7)}`,
      );
    }
    return lines.join('\n');
  }
}
