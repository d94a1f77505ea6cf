/**
 * Where the renderer's main thread spends a stretch of time, from a Chrome trace taken through
 * the page's own CDP session (so it works in any context, IndexedDB on disk included): self time
 * per event name on the page's CrRendererMain thread (script, style, layout, paint, commit…),
 * over the whole stretch and over its busiest frames. A frame here is the stretch between two
 * of the page's main-thread frames (BeginMainThreadFrame); its busy time is the top-level tasks inside it. The
 * whole trace is written to `file` for chrome://tracing or Perfetto. Only with
 * BENCH_SOCIAL_PROFILE=1: tracing itself costs frames.
 */
import { writeFile } from 'node:fs/promises';
import type { CDPSession } from '@playwright/test';

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  /** Thread time: how long the thread was on a CPU during the event (absent where the trace has no thread clock). */
  readonly tdur?: number;
  readonly args?: { readonly name?: string };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink.user_timing',
  'v8.execute',
  'toplevel',
];

/** Self time (ms) per event name over `events` (complete events of one thread, sorted by start). */
function selfTimes(events: readonly TraceEvent[]): Map<string, number> {
  const self = new Map<string, number>();
  const stack: { event: TraceEvent; end: number; children: number }[] = [];
  const close = (until: number) => {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= until) {
      const done = stack.pop()!;
      self.set(done.event.name, (self.get(done.event.name) ?? 0) + ((done.event.dur ?? 0) - done.children) / 1000);
    }
  };
  for (const event of events) {
    close(event.ts);
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.children += event.dur ?? 0;
    stack.push({ event, end: event.ts + (event.dur ?? 0), children: 0 });
  }
  close(Number.POSITIVE_INFINITY);
  return self;
}

const table = (self: ReadonlyMap<string, number>, divisor: number, rows: number) =>
  [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .map(([name, ms]) => `    ${(ms / divisor).toFixed(divisor === 1 ? 0 : 2).padStart(8)} ms  ${name}`);

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

/**
 * A frame's tasks in wall time beside the same tasks' thread time: on a shared machine the first
 * holds the time the thread was ready but waited for a CPU, the second only what the page did
 * (tracing's own cost included, so it errs high).
 */
function frameCpuLine(frames: readonly { readonly busy: number; readonly onCpu: number }[]): string {
  const wall = frames.map((frame) => frame.busy);
  const cpu = frames.map((frame) => frame.onCpu);
  const over = (values: readonly number[], limit: number) => values.filter((value) => value > limit).length;
  return (
    `    per frame, tasks in wall time p50 ${quantile(wall, 0.5).toFixed(1)} / p95 ${quantile(wall, 0.95).toFixed(1)} ms (> 10 ms: ${over(wall, 10)}, > 50 ms: ${over(wall, 50)}); ` +
    `the same tasks on a CPU (thread time) p50 ${quantile(cpu, 0.5).toFixed(1)} / p95 ${quantile(cpu, 0.95).toFixed(1)} ms (> 10 ms: ${over(cpu, 10)}, > 50 ms: ${over(cpu, 50)})`
  );
}

export interface TraceSummary {
  readonly text: string;
  /** Per frame of the desk's renderer: its tasks in wall time, and the same tasks on a CPU (thread time), ms. */
  readonly frames: { readonly wall: readonly number[]; readonly onCpu: readonly number[] };
}

/** Summarises a trace: the whole stretch, then the busiest 5 % of its frames on average. */
export function summariseTrace(traceEvents: readonly TraceEvent[]): TraceSummary {
  const none = (text: string): TraceSummary => ({ text, frames: { wall: [], onCpu: [] } });
  // Every renderer has a CrRendererMain (a spare renderer, a worker's page): the desk's is the busiest.
  const mains = traceEvents.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  if (mains.length === 0) return none('    (no CrRendererMain thread in the trace)');
  const eventsOf = (thread: TraceEvent) =>
    traceEvents.filter((event) => event.pid === thread.pid && event.tid === thread.tid && event.ph === 'X' && typeof event.dur === 'number');
  const complete = mains
    .map(eventsOf)
    .reduce((busiest, events) => (events.length > busiest.length ? events : busiest))
    // A parent and its first child can start at the same instant: the longer one is the parent.
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  if (complete.length === 0) return none('    (no main-thread events in the trace)');
  const span = (complete.at(-1)!.ts + (complete.at(-1)!.dur ?? 0) - complete[0]!.ts) / 1000;
  const lines = [`    trace span ${span.toFixed(0)} ms, main-thread self time by event:`, ...table(selfTimes(complete), 1, 14)];

  // Frames: from one BeginMainThreadFrame to the next (a frame fires each animation-frame callback, so
  // those come several to a frame); busy = the scheduler's top-level tasks starting inside (RunTask nests in them).
  const main = complete[0]!;
  const frameStarts = traceEvents
    .filter((event) => event.pid === main.pid && event.tid === main.tid && event.name === 'BeginMainThreadFrame')
    .map((event) => event.ts)
    .sort((a, b) => a - b);
  const topLevel = complete.filter((event) => event.name === 'ThreadControllerImpl::RunTask');
  if (frameStarts.length < 20 || topLevel.length === 0) return none(lines.join('\n'));
  const frames: { start: number; end: number; busy: number; onCpu: number }[] = [];
  let task = 0;
  for (let i = 0; i + 1 < frameStarts.length; i += 1) {
    const start = frameStarts[i]!;
    const end = frameStarts[i + 1]!;
    while (task < topLevel.length && topLevel[task]!.ts < start) task += 1;
    let busy = 0;
    let onCpu = 0;
    for (let j = task; j < topLevel.length && topLevel[j]!.ts < end; j += 1) {
      busy += topLevel[j]!.dur ?? 0;
      onCpu += topLevel[j]!.tdur ?? topLevel[j]!.dur ?? 0;
    }
    frames.push({ start, end, busy: busy / 1000, onCpu: onCpu / 1000 });
  }
  lines.push(frameCpuLine(frames));
  const slowest = [...frames].sort((a, b) => b.busy - a.busy).slice(0, Math.max(1, Math.round(frames.length * 0.05)));
  const inSlow = complete.filter((event) => slowest.some((frame) => event.ts >= frame.start && event.ts < frame.end));
  lines.push(
    `    ${frames.length} frames; the busiest ${slowest.length} had ${(slowest.reduce((sum, frame) => sum + frame.busy, 0) / slowest.length).toFixed(1)} ms of tasks on average (the least of them ${slowest.at(-1)!.busy.toFixed(1)} ms); their self time by event, per frame:`,
    ...table(selfTimes(inSlow), slowest.length, 14),
  );
  return { text: lines.join('\n'), frames: { wall: frames.map((frame) => frame.busy), onCpu: frames.map((frame) => frame.onCpu) } };
}

/** Starts a trace of the page; the returned stop writes it whole to `file` and gives its summary. */
export async function startTrace(cdp: CDPSession, file: string): Promise<() => Promise<TraceSummary>> {
  await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: CATEGORIES } });
  return async () => {
    const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (event) => resolve(event.stream ?? '')));
    await cdp.send('Tracing.end');
    const stream = await done;
    const chunks: string[] = [];
    for (;;) {
      const chunk = await cdp.send('IO.read', { handle: stream });
      chunks.push(chunk.base64Encoded === true ? Buffer.from(chunk.data, 'base64').toString() : chunk.data);
      if (chunk.eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    const json = chunks.join('');
    await writeFile(file, json);
    const parsed = JSON.parse(json) as { traceEvents?: TraceEvent[] } | TraceEvent[];
    return summariseTrace(Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []));
  };
}
