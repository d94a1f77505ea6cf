/** A bench's positive integer setting from the environment (BENCH_…), or its default when unset or not one. */
export function knob(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
