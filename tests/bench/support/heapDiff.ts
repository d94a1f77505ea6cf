/**
 * Heap snapshot summaries (V8 `HeapProfiler.takeHeapSnapshot` over CDP, for
 * the page or for main through its inspector): objects counted per
 * constructor, so two readings say what accumulates per call.
 * Only with BENCH_HEAP_DIFF=1: a snapshot costs seconds.
 */

export type Counts = Map<string, { count: number; size: number }>;

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Object counts and self sizes per constructor name, from a snapshot's JSON. */
export function countsOf(json: string): Counts {
  const data = JSON.parse(json) as Snapshot;
  const fields = data.snapshot.meta.node_fields;
  const types = data.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const counts: Counts = new Map();
  for (let i = 0; i < data.nodes.length; i += width) {
    const type = types[data.nodes[i + typeAt] ?? 0] ?? '?';
    // Every kind counts: a sliced string keeps its parent, compiled code and hidden objects grow too.
    if (type === 'synthetic') continue;
    // With BENCH_HEAP_DIFF_NAMES=1, compiled code and the browser's native objects by name too (a function, a
    // regexp's source, a DOM or IndexedDB class): what keeps growing says where it comes from.
    const named = type === 'object' || ((type === 'code' || type === 'native') && process.env['BENCH_HEAP_DIFF_NAMES'] === '1');
    const raw =
      type === 'object'
        ? (data.strings[data.nodes[i + nameAt] ?? 0] ?? '?')
        : named
          ? `(${type}) ${data.strings[data.nodes[i + nameAt] ?? 0] ?? ''}`
          : `(${type})`;
    const name = raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
    const entry = counts.get(name) ?? { count: 0, size: 0 };
    entry.count += 1;
    entry.size += data.nodes[i + sizeAt] ?? 0;
    counts.set(name, entry);
  }
  return counts;
}

/** The constructors that grew most between two readings, `calls` calls (or other `unit`s: the social day's items) apart. */
/** Bytes that grew between two snapshots' counts: V8's compiled code (`code`), or everything else. */
export function grewBy(before: Counts, after: Counts, code: boolean): number {
  const total = (counts: Counts) =>
    [...counts.entries()].filter(([name]) => name.startsWith('(code)') === code).reduce((sum, [, entry]) => sum + entry.size, 0);
  return total(after) - total(before);
}

export function renderDiff(title: string, before: Counts, after: Counts, calls: number, top = 15, unit = 'calls'): string {
  const rows = [...after.entries()]
    .map(([name, now]) => {
      const was = before.get(name) ?? { count: 0, size: 0 };
      return { name, count: now.count - was.count, size: now.size - was.size };
    })
    .filter((row) => row.count > 0 || row.size > 0)
    .sort((a, b) => b.size - a.size)
    .slice(0, top);
  const width = Math.max(12, ...rows.map((row) => row.name.length));
  // V8's compiled code (bytecode, optimised code, feedback, deopt data) grows as functions get hot, then levels
  // off; what the program keeps is the rest. Both per unit, so a reading says which one grew.
  const per = (code: boolean) => `${(grewBy(before, after, code) / calls).toFixed(0)} B`;
  return [
    `${title}: what grew over ${calls} ${unit} (by retained-in-snapshot self size): compiled code ${per(true)} and everything else ${per(false)} per ${unit.replace(/s$/, '')}`,
    `  ${'constructor'.padEnd(width)}  ${'+count'.padStart(8)}  ${`+/${unit.replace(/s$/, '')}`.padStart(7)}  ${'+bytes'.padStart(9)}`,
    ...rows.map(
      (row) => `  ${row.name.padEnd(width)}  ${String(row.count).padStart(8)}  ${(row.count / calls).toFixed(2).padStart(7)}  ${String(row.size).padStart(9)}`,
    ),
  ].join('\n');
}
