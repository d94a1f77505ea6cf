/**
 * What the compiled code that grew between two heap snapshots is. heapDiff.ts counts V8's `code` nodes (what
 * DevTools calls "(compiled code)") as one figure; this breaks them down two ways:
 *
 * - by kind: V8's type of each node (`BytecodeArray`, `FeedbackVector`, `SharedFunctionInfo`, `ScopeInfo`, …),
 *   and for machine code and what it alone holds (`Code`, `InstructionStream`, relocation info, deoptimisation
 *   data) its tier: Sparkplug's baseline code carries a bytecode offset table, Maglev's and Turbofan's optimised
 *   code deoptimisation data, a regular expression's code hangs off its `IrRegExpData`. (Node's older V8 names
 *   machine code "(code for f)" and its parts "(code deopt data)"… instead: those names are the kinds there.)
 * - by owner: the function or the regular expression each node serves, found through the snapshot's edges (a
 *   closure's `shared`, a feedback vector's own function, a code object's holder, …), named by function, script and
 *   line (a closure's location in the snapshot, mapped through the build's source maps by `sourceWhere`).
 *
 * Code an app makes per call would show as more scripts (`eval`, `new Function`), more functions, or regular
 * expressions with new sources; V8 warming to a workload shows as more tiers (baseline, then optimised code) for
 * functions that were already there. The title line counts each. Only with BENCH_HEAP_DIFF=1 (softphone bench).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceMapConsumer } from 'source-map-js';
import type { Counts } from './heapDiff';

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
      location_fields?: string[];
    };
  };
  nodes: number[];
  edges: number[];
  locations?: number[];
  strings: string[];
}

/** A summary of one snapshot's compiled code. */
export interface CodeCensus {
  /** Bytes and node counts per kind ("BytecodeArray", "InstructionStream (optimised)", …). */
  kinds: Counts;
  /** Bytes and node counts per owner: "function  source:line" or "regexp /source/". */
  owners: Counts;
  /** Compiled scripts (each `eval` or `new Function` is one more). */
  scripts: number;
  /** Functions (SharedFunctionInfo records). */
  functions: number;
  /** JSRegExp objects, and distinct regular expression sources with compiled data (Chromium's V8: `IrRegExpData`). */
  regexps: number;
  regexpSources: number;
  /** Optimised machine code objects (Maglev's or Turbofan's), and the owners that have one. */
  optimisedCode: number;
  optimisedOwners: number;
}

/** Maps a place in a script (its URL; line and column from 0) to a readable one, e.g. through the build's source maps. */
export type Where = (script: string, line: number, column: number) => string | undefined;

const SFI_PREFIX = 'system / SharedFunctionInfo';
/** The parts of a machine code object that are its alone (its tier's cost): not its function's bytecode or feedback. */
const OWN_PARTS = /^system \/ (InstructionStream|TrustedByteArray|ProtectedFixedArray|TrustedFixedArray|TrustedWeakFixedArray|DeoptimizationLiteralArray)$/;
const TIERS = ['baseline', 'optimised', 'regexp', 'other'] as const;

/** The census of one heap snapshot's JSON (see the file's comment). */
export function codeCensusOf(json: string, where?: Where): CodeCensus {
  const data = JSON.parse(json) as Snapshot;
  const meta = data.snapshot.meta;
  const width = meta.node_fields.length;
  const [typeAt, nameAt, sizeAt, edgeCountAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) => meta.node_fields.indexOf(f)) as [
    number,
    number,
    number,
    number,
  ];
  const edgeWidth = meta.edge_fields.length;
  const [edgeTypeAt, edgeNameAt, toAt] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f)) as [number, number, number];
  const nodeCount = data.nodes.length / width;
  const type = (node: number) => meta.node_types[0][data.nodes[node * width + typeAt] ?? 0] ?? '?';
  const name = (node: number) => data.strings[data.nodes[node * width + nameAt] ?? 0] ?? '';
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let node = 0; node < nodeCount; node += 1) firstEdge[node + 1] = (firstEdge[node] ?? 0) + (data.nodes[node * width + edgeCountAt] ?? 0);
  const edgeKind = (edge: number) => meta.edge_types[0][data.edges[edge * edgeWidth + edgeTypeAt] ?? 0] ?? '?';
  const edgeName = (edge: number) => {
    const kind = edgeKind(edge);
    return kind === 'element' || kind === 'hidden' ? '' : (data.strings[data.edges[edge * edgeWidth + edgeNameAt] ?? 0] ?? '');
  };
  const target = (edge: number) => (data.edges[edge * edgeWidth + toAt] ?? 0) / width;
  const follow = (node: number, ...labels: string[]) => {
    for (let e = firstEdge[node] ?? 0; e < (firstEdge[node + 1] ?? 0); e += 1) if (labels.includes(edgeName(e))) return target(e);
    return undefined;
  };
  const isCode = (node: number) => type(node) === 'code';
  // A function record has its name (or scope) as its first field in both V8s; its node's name differs by version.
  const isFunction = (node: number) => isCode(node) && follow(node, 'name_or_scope_info') !== undefined;
  // A script has its source text; it is named "system / Script / <url>" in Chromium's V8 and by its URL in Node's.
  const isScript = (node: number) => isCode(node) && !isFunction(node) && follow(node, 'source') !== undefined;
  const isRegExpData = (node: number) => /^system \/ (Ir|Atom)?RegExpData$/.test(name(node));

  // Each code node's holders among code nodes, closures and regexps (strong edges): the way up to an owner.
  const holds = (node: number) => ['code', 'closure', 'regexp'].includes(type(node));
  const firstHolder = new Uint32Array(nodeCount + 1);
  for (let node = 0; node < nodeCount; node += 1) {
    if (!holds(node)) continue;
    for (let e = firstEdge[node] ?? 0; e < (firstEdge[node + 1] ?? 0); e += 1)
      if (edgeKind(e) !== 'weak' && isCode(target(e))) firstHolder[target(e) + 1] = (firstHolder[target(e) + 1] ?? 0) + 1;
  }
  for (let node = 0; node < nodeCount; node += 1) firstHolder[node + 1] = (firstHolder[node + 1] ?? 0) + (firstHolder[node] ?? 0);
  const holders = new Uint32Array(firstHolder[nodeCount] ?? 0);
  const filled = firstHolder.slice(0, nodeCount);
  for (let node = 0; node < nodeCount; node += 1) {
    if (!holds(node)) continue;
    for (let e = firstEdge[node] ?? 0; e < (firstEdge[node + 1] ?? 0); e += 1) {
      const to = target(e);
      if (edgeKind(e) === 'weak' || !isCode(to)) continue;
      holders[filled[to] ?? 0] = node;
      filled[to] = (filled[to] ?? 0) + 1;
    }
  }

  // Where each function starts: the snapshot locates closures, and a closure's `shared` is its function.
  const startOf = new Map<number, [script: number, line: number, column: number]>();
  const locationFields = meta.location_fields ?? [];
  const locationWidth = locationFields.length;
  const [objectAt, scriptAt, lineAt, columnAt] = ['object_index', 'script_id', 'line', 'column'].map((f) => locationFields.indexOf(f));
  for (let i = 0; locationWidth > 0 && i < (data.locations?.length ?? 0); i += locationWidth) {
    const at = (field: number | undefined) => data.locations?.[i + (field ?? 0)] ?? 0;
    const closure = at(objectAt) / width;
    if (type(closure) !== 'closure') continue;
    const shared = follow(closure, 'shared');
    if (shared !== undefined && !startOf.has(shared)) startOf.set(shared, [at(scriptAt), at(lineAt), at(columnAt)]);
  }
  const urlOf = (script: number | undefined) => (script === undefined ? '' : name(script).replace(/^system \/ Script( \/ )?/, ''));
  const fileOf = (url: string) => (url === '' ? '(no url)' : (url.split('/').at(-1) ?? url));
  const functionLabel = (fn: number) => {
    // Chromium's V8 names the node "system / SharedFunctionInfo / f", Node's "f"; either may keep it in the field.
    const own = follow(fn, 'name_or_scope_info');
    const field = own !== undefined && type(own).endsWith('string') ? name(own) : '';
    const called = name(fn).replace(SFI_PREFIX, '').replace(/^ \/ /, '') || field || '(anonymous)';
    const builtin = follow(fn, 'builtin_name');
    if (builtin !== undefined && name(builtin) !== '') return '(builtins)';
    // A script without a URL is one the bench evaluated over the DevTools protocol or as an init script (its
    // probe), or an `eval`.
    const url = urlOf(follow(fn, 'script', 'script_or_debug_info'));
    const start = startOf.get(fn);
    const place = start === undefined ? fileOf(url) : (where?.(url, start[1], start[2]) ?? `${fileOf(url)}:${start[1] + 1}:${start[2] + 1}`);
    return `${called}  ${place}`;
  };
  const regexpLabel = (regexpData: number) => {
    for (let e = firstEdge[regexpData] ?? 0; e < (firstEdge[regexpData + 1] ?? 0); e += 1)
      if (type(target(e)).endsWith('string')) return `regexp /${name(target(e))}/`;
    return 'regexp (no source)';
  };

  // The owner of each code node, memoised (-3 not yet, -2 on the way, -1 none found).
  const owner = new Int32Array(nodeCount).fill(-3);
  const labels: string[] = [];
  const labelIds = new Map<string, number>();
  const labelId = (label: string) => {
    const known = labelIds.get(label);
    if (known !== undefined) return known;
    labels.push(label);
    labelIds.set(label, labels.length - 1);
    return labels.length - 1;
  };
  const ownerOf = (node: number, depth: number): number => {
    const known = owner[node] ?? -3;
    if (known !== -3) return known === -2 ? -1 : known;
    const n = name(node);
    if (isFunction(node)) return (owner[node] = labelId(functionLabel(node)));
    if (isRegExpData(node)) return (owner[node] = labelId(regexpLabel(node)));
    if (n.startsWith('system / Code / ') && n.endsWith('(builtin)')) return (owner[node] = labelId('(builtins)'));
    if (isScript(node)) return (owner[node] = labelId(`script ${fileOf(urlOf(node))}`));
    if (n === 'system / FeedbackVector') {
      for (let e = firstEdge[node] ?? 0; e < (firstEdge[node + 1] ?? 0); e += 1)
        if (isFunction(target(e))) return (owner[node] = ownerOf(target(e), depth + 1));
    }
    if (depth > 6) return -1;
    owner[node] = -2;
    let found = -1;
    for (let h = firstHolder[node] ?? 0; h < (firstHolder[node + 1] ?? 0) && found < 0; h += 1) {
      const holder = holders[h] ?? 0;
      if (type(holder) === 'closure') {
        const shared = follow(holder, 'shared');
        if (shared !== undefined) found = ownerOf(shared, depth + 1);
      } else if (type(holder) === 'regexp') found = labelId(`regexp /${name(holder)}/`);
      else found = ownerOf(holder, depth + 1);
    }
    // Nothing holds it that says whose it is: its own bytecode or function might.
    for (const edge of ['interpreter_data', 'code', 'shared_function_info']) {
      const to = found < 0 ? follow(node, edge) : undefined;
      if (to !== undefined) found = ownerOf(to, depth + 1);
    }
    return (owner[node] = found);
  };

  // Each machine code object's tier (see the file's comment), given to the parts that are its alone. Node's V8
  // leaves a code object unnamed; it holds its relocation info itself.
  const isMachineCode = (node: number) =>
    name(node) === 'system / Code' || (isCode(node) && name(node) === '' && follow(node, 'relocation_info') !== undefined);
  const codeTier = new Int8Array(nodeCount).fill(-1);
  for (let node = 0; node < nodeCount; node += 1) {
    if (!isMachineCode(node)) continue;
    let tier: (typeof TIERS)[number] = 'other';
    if (follow(node, 'bytecode_offset_table') !== undefined) tier = 'baseline';
    else if (follow(node, 'deoptimization_data') !== undefined) tier = 'optimised';
    else for (let h = firstHolder[node] ?? 0; h < (firstHolder[node + 1] ?? 0); h += 1) if (isRegExpData(holders[h] ?? 0)) tier = 'regexp';
    codeTier[node] = TIERS.indexOf(tier);
    let layer = [node];
    for (let step = 0; step < 3; step += 1) {
      const next: number[] = [];
      for (const part of layer)
        for (let e = firstEdge[part] ?? 0; e < (firstEdge[part + 1] ?? 0); e += 1) {
          const to = target(e);
          if (edgeKind(e) === 'weak' || codeTier[to] !== -1 || !OWN_PARTS.test(name(to))) continue;
          codeTier[to] = TIERS.indexOf(tier);
          next.push(to);
        }
      layer = next;
    }
  }
  const kindOf = (node: number) => {
    const n = name(node);
    if (isFunction(node)) return 'SharedFunctionInfo';
    if (n.startsWith('system / Code / ')) return 'Code (builtin)';
    if (isScript(node)) return 'Script';
    if (n.startsWith('(code for ')) return '(code for a function)';
    const tier = TIERS[codeTier[node] ?? -1];
    const bare = isMachineCode(node) ? 'Code' : n.replace(/^system \/ /, '') || '(unnamed)';
    return tier === undefined ? bare : `${bare} (${tier})`;
  };

  const kinds: Counts = new Map();
  const owners: Counts = new Map();
  const add = (counts: Counts, key: string, size: number) => {
    const entry = counts.get(key) ?? { count: 0, size: 0 };
    entry.count += 1;
    entry.size += size;
    counts.set(key, entry);
  };
  let [scripts, functions, regexps, optimisedCode] = [0, 0, 0, 0];
  const sources = new Set<string>();
  const optimisedOwners = new Set<number>();
  for (let node = 0; node < nodeCount; node += 1) {
    if (type(node) === 'regexp') regexps += 1;
    if (!isCode(node)) continue;
    const size = data.nodes[node * width + sizeAt] ?? 0;
    const kind = kindOf(node);
    if (kind === 'Script') scripts += 1;
    if (kind === 'SharedFunctionInfo') functions += 1;
    if (isRegExpData(node)) sources.add(regexpLabel(node));
    add(kinds, kind, size);
    const id = ownerOf(node, 0);
    add(owners, id < 0 ? '(owner not found)' : (labels[id] ?? '?'), size);
    if (kind === 'Code (optimised)') {
      optimisedCode += 1;
      optimisedOwners.add(id);
    }
  }
  return { kinds, owners, scripts, functions, regexps, regexpSources: sources.size, optimisedCode, optimisedOwners: optimisedOwners.size };
}

/** The kinds and owners of compiled code that grew most between two censuses, `calls` calls apart. */
export function renderCodeDiff(title: string, before: CodeCensus, after: CodeCensus, calls: number, top = 12, unit = 'calls'): string {
  const one = unit.replace(/s$/, '');
  const rows = (a: Counts, b: Counts) =>
    [...new Set([...a.keys(), ...b.keys()])]
      .map((key) => {
        const [was, now] = [a.get(key) ?? { count: 0, size: 0 }, b.get(key) ?? { count: 0, size: 0 }];
        return { key, count: now.count - was.count, size: now.size - was.size };
      })
      .filter((row) => row.size !== 0 || row.count !== 0);
  const total = (counts: Counts) => [...counts.values()].reduce((sum, entry) => sum + entry.size, 0);
  const sum = (list: { size: number }[]) => list.reduce((s, row) => s + row.size, 0);
  const table = (heading: string, list: { key: string; count: number; size: number }[]) => {
    const shown = list.map((row) => ({ ...row, key: row.key.length > 90 ? `${row.key.slice(0, 87)}...` : row.key }));
    const width = Math.max(heading.length, ...shown.map((row) => row.key.length));
    return [
      `  ${heading.padEnd(width)}  ${'+nodes'.padStart(7)}  ${'+bytes'.padStart(9)}  ${`B/${one}`.padStart(8)}`,
      ...shown.map(
        (row) => `  ${row.key.padEnd(width)}  ${String(row.count).padStart(7)}  ${String(row.size).padStart(9)}  ${(row.size / calls).toFixed(1).padStart(8)}`,
      ),
    ];
  };
  const kinds = rows(before.kinds, after.kinds).sort((a, b) => b.size - a.size);
  const owners = rows(before.owners, after.owners);
  const [grew, shrank] = [owners.filter((row) => row.size > 0), owners.filter((row) => row.size < 0)];
  const counts: [string, number, number][] = [
    ['scripts', before.scripts, after.scripts],
    ['functions', before.functions, after.functions],
    ['regexp objects', before.regexps, after.regexps],
    ['regexp sources', before.regexpSources, after.regexpSources],
    ['optimised code objects', before.optimisedCode, after.optimisedCode],
    ['owners with optimised code', before.optimisedOwners, after.optimisedOwners],
  ];
  return [
    `${title}: compiled code ${((total(after.kinds) - total(before.kinds)) / calls).toFixed(0)} B per ${one} over ${calls} ${unit}; ` +
      counts.map(([label, a, b]) => `${label} ${a} → ${b}`).join(', '),
    // What shrank too: V8 flushes the bytecode of functions left unused (their records become uncompiled data again)
    // and drops optimised code it no longer runs, so a later reading can hold less code than an earlier one.
    ...table('by kind', [...kinds.filter((row) => row.size > 0).slice(0, top), ...kinds.filter((row) => row.size < 0).slice(-5)]),
    `  owners: ${grew.length} grew (+${sum(grew)} B), ${shrank.length} shrank (${sum(shrank)} B); the largest growers:`,
    ...table('by owner (function  source:line, or regexp)', grew.sort((a, b) => b.size - a.size).slice(0, top)),
  ].join('\n');
}

/**
 * Places in the build under test (`out`, or BENCH_OUT): a line and column in one of its scripts becomes
 * `source:line` through the script's source map (as profileSummary.mjs does for CPU profiles).
 */
export function sourceWhere(out = process.env['BENCH_OUT'] ?? 'out'): Where {
  const maps = new Map<string, SourceMapConsumer | null>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) {
      const path = ['renderer/assets', 'renderer', 'main'].map((dir) => join(out, dir, `${file}.map`)).find((p) => existsSync(p));
      maps.set(
        file,
        path === undefined ? null : new SourceMapConsumer(JSON.parse(readFileSync(path, 'utf8')) as ConstructorParameters<typeof SourceMapConsumer>[0]),
      );
    }
    return maps.get(file) ?? null;
  };
  return (script, line, column) => {
    const file = script.split('/').at(-1) ?? '';
    const map = file === '' ? null : mapOf(file);
    const pos = map?.originalPositionFor({ line: line + 1, column });
    if (pos === undefined || pos.source === null) return undefined;
    return `${pos.source.replace(/^.*node_modules\//, 'nm:').replace(/^(\.\.\/)+/, '')}:${pos.line}`;
  };
}
