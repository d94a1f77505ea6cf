import { performance } from 'node:perf_hooks';

/**
 * Node's `fetch` keeps a PerformanceResourceTiming for each request (the
 * Bluesky connector's, the team link's) in a process-wide buffer of 250 that
 * nothing in Tandem reads: about 400 B each, part of main's growth over the
 * first hours of a day's social traffic (tests/bench/socialDay.bench.ts
 * named them). Main keeps none. Process-wide, so calling it again is harmless.
 */
export function keepNoResourceTimings(): void {
  performance.setResourceTimingBufferSize(0);
  performance.clearResourceTimings();
}
