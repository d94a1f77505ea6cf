/**
 * Where the renderer's main thread spends a stretch of time, from a Chrome trace
 * (Playwright's `browser.startTracing`, devtools.timeline categories): total
 * duration per top-level event name on the page's CrRendererMain thread (script,
 * style, layout, paint, commit…). Only with BENCH_SOCIAL_PROFILE=1: tracing
 * itself costs frames.
 */
import type { Browser, Page } from '@playwright/test';

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly args?: { readonly name?: string };
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8.execute'];

export async function startTrace(browser: Browser, page: Page): Promise<() => Promise<string>> {
  await browser.startTracing(page, { categories: CATEGORIES });
  return async () => {
    const buffer = await browser.stopTracing();
    const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
    const main = traceEvents.find((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
    if (main === undefined) return '    (no CrRendererMain thread in the trace)';
    const complete = traceEvents
      .filter((event) => event.pid === main.pid && event.tid === main.tid && event.ph === 'X' && typeof event.dur === 'number')
      .sort((a, b) => a.ts - b.ts);
    // Self time per event name: an event's duration minus its children's.
    const self = new Map<string, number>();
    const stack: { event: TraceEvent; end: number; children: number }[] = [];
    const close = (until: number) => {
      while (stack.length > 0 && stack[stack.length - 1]!.end <= until) {
        const done = stack.pop()!;
        self.set(done.event.name, (self.get(done.event.name) ?? 0) + ((done.event.dur ?? 0) - done.children) / 1000);
      }
    };
    for (const event of complete) {
      close(event.ts);
      const parent = stack[stack.length - 1];
      if (parent !== undefined) parent.children += event.dur ?? 0;
      stack.push({ event, end: event.ts + (event.dur ?? 0), children: 0 });
    }
    close(Number.POSITIVE_INFINITY);
    const span = complete.length > 0 ? (complete.at(-1)!.ts + (complete.at(-1)!.dur ?? 0) - complete[0]!.ts) / 1000 : 0;
    return [
      `    trace span ${span.toFixed(0)} ms, main-thread self time by event:`,
      ...[...self.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 14)
        .map(([name, ms]) => `    ${ms.toFixed(0).padStart(7)} ms  ${name}`),
    ].join('\n');
  };
}
