/**
 * What holds the objects that grew: for the nodes of a later heap snapshot that the earlier one did not have
 * (V8 keeps a node's id across snapshots of one heap), the chain of retainers up from each, counted by chain.
 * A per-constructor count (heapDiff.ts) says what grew; this says who keeps it. Only with
 * BENCH_HEAP_RETAINERS=<text>: the nodes whose "(type) name" contains the text.
 */

interface Snapshot {
  snapshot: {
    meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Each node's first edge (node i's edges are firstEdge[i] up to firstEdge[i + 1]): a snapshot lists them in node order. */
function edgeIndex(data: Snapshot): Uint32Array {
  const width = data.snapshot.meta.node_fields.length;
  const edgeCountAt = data.snapshot.meta.node_fields.indexOf('edge_count');
  const nodeCount = data.nodes.length / width;
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let node = 0; node < nodeCount; node += 1) firstEdge[node + 1] = (firstEdge[node] ?? 0) + (data.nodes[node * width + edgeCountAt] ?? 0);
  return firstEdge;
}

/** The ids of every node in a snapshot, to tell the later snapshot's new nodes. */
export function nodeIds(json: string): Set<number> {
  const data = JSON.parse(json) as Snapshot;
  const width = data.snapshot.meta.node_fields.length;
  const idAt = data.snapshot.meta.node_fields.indexOf('id');
  const ids = new Set<number>();
  for (let i = 0; i < data.nodes.length; i += width) ids.add(data.nodes[i + idAt] ?? -1);
  return ids;
}

/**
 * Retainer chains (each node's shortest strong path to a GC root; a longer one keeps its first and last
 * `depth`/2 steps) of the nodes in `json` whose ids are not in `before` and whose label contains `match`,
 * most common chain first.
 */
export function retainerChains(
  json: string,
  before: ReadonlySet<number>,
  match: string,
  depth = Number(process.env['BENCH_HEAP_RETAINERS_DEPTH'] ?? 16),
  top = 8,
): string {
  const data = JSON.parse(json) as Snapshot;
  const { node_fields: nodeFields, node_types: nodeTypes, edge_fields: edgeFields, edge_types: edgeTypes } = data.snapshot.meta;
  const width = nodeFields.length;
  const [typeAt, nameAt, idAt] = ['type', 'name', 'id'].map((f) => nodeFields.indexOf(f)) as [number, number, number];
  const edgeWidth = edgeFields.length;
  const [edgeTypeAt, edgeNameAt, toAt] = ['type', 'name_or_index', 'to_node'].map((f) => edgeFields.indexOf(f)) as [number, number, number];
  const nodeCount = data.nodes.length / width;
  const label = (node: number) => {
    const type = nodeTypes[0][data.nodes[node * width + typeAt] ?? 0] ?? '?';
    const name = data.strings[data.nodes[node * width + nameAt] ?? 0] ?? '';
    // A string's or number's value, and a scope's node id, would make every chain its own: chains are counted by shape.
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string' || type === 'number') return `(${type})`;
    const text = type === 'object' || type === 'closure' || type === 'native' ? name.replace(/ @\d+$/, '') : `(${type}) ${name}`;
    return text.length > 50 ? `${text.slice(0, 47)}...` : text;
  };
  // Breadth first from the snapshot's root over strong edges: each node's parent is then the retainer on one of
  // its shortest paths to a GC root, the path DevTools shows first.
  const firstEdge = edgeIndex(data);
  const parent = new Int32Array(nodeCount).fill(-1);
  const parentEdge = new Int32Array(nodeCount).fill(-1);
  const queue = new Int32Array(nodeCount);
  let [head, tail] = [0, 1];
  parent[0] = 0;
  while (head < tail) {
    const node = queue[head++] ?? 0;
    for (let e = firstEdge[node] ?? 0; e < (firstEdge[node + 1] ?? 0); e += 1) {
      const kind = edgeTypes[0][data.edges[e * edgeWidth + edgeTypeAt] ?? 0];
      if (kind === 'weak' || kind === 'shortcut') continue;
      const to = (data.edges[e * edgeWidth + toAt] ?? 0) / width;
      if (parent[to] !== -1) continue;
      parent[to] = node;
      parentEdge[to] = e;
      queue[tail++] = to;
    }
  }
  const edgeName = (e: number) => {
    const kind = edgeTypes[0][data.edges[e * edgeWidth + edgeTypeAt] ?? 0];
    const nameOrIndex = data.edges[e * edgeWidth + edgeNameAt] ?? 0;
    return kind === 'element' ? '[]' : kind === 'hidden' ? `[${nameOrIndex}]` : (data.strings[nameOrIndex] ?? '?');
  };
  const chains = new Map<string, number>();
  let matched = 0;
  for (let node = 0; node < nodeCount; node += 1) {
    if (before.has(data.nodes[node * width + idAt] ?? -1) || !label(node).includes(match)) continue;
    matched += 1;
    const steps = [label(node)];
    for (let at = node; at !== 0 && (parent[at] ?? -1) >= 0; at = parent[at] ?? 0) steps.push(`${label(parent[at] ?? 0)}.${edgeName(parentEdge[at] ?? 0)}`);
    // A linked list (React's hooks, a fiber's siblings) is one step many times over: said once, with how many.
    const runs: { step: string; times: number }[] = [];
    for (const step of steps) {
      const last = runs.at(-1);
      if (last?.step === step) last.times += 1;
      else runs.push({ step, times: 1 });
    }
    if (runs.length > depth) runs.splice(Math.floor(depth / 2), runs.length - depth, { step: '…', times: 1 });
    const chain = runs.map((run) => (run.times > 1 ? `${run.step} ×${run.times}` : run.step)).join(' ← ');
    chains.set(chain, (chains.get(chain) ?? 0) + 1);
  }
  const rows = [...chains.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [`new nodes matching "${match}": ${matched}; most common retainer chains:`, ...rows.map(([chain, n]) => `  ${String(n).padStart(5)} × ${chain}`)].join(
    '\n',
  );
}

/**
 * How many references each kind of GC root holds ("(Global handles)", "(Traced handles)" for the
 * browser's wrappers, "(Handle scope)", "(Internalized strings)", …): a full GC updates every root
 * after moving objects, so a large root set is a long pause that no object count shows.
 */
export function rootCensus(json: string): string {
  const data = JSON.parse(json) as Snapshot;
  const { node_fields: nodeFields, edge_fields: edgeFields } = data.snapshot.meta;
  const width = nodeFields.length;
  const nameAt = nodeFields.indexOf('name');
  const edgeWidth = edgeFields.length;
  const toAt = edgeFields.indexOf('to_node');
  const firstEdge = edgeIndex(data);
  const children = (node: number) =>
    Array.from(
      { length: (firstEdge[node + 1] ?? 0) - (firstEdge[node] ?? 0) },
      (_, i) => (data.edges[((firstEdge[node] ?? 0) + i) * edgeWidth + toAt] ?? 0) / width,
    );
  const nameOf = (node: number) => data.strings[data.nodes[node * width + nameAt] ?? 0] ?? '?';
  const gcRoots = children(0).find((node) => nameOf(node) === '(GC roots)');
  if (gcRoots === undefined) return 'no (GC roots) in the snapshot';
  const rows = children(gcRoots)
    .map((node) => ({ name: nameOf(node), refs: children(node).length }))
    .sort((a, b) => b.refs - a.refs)
    .slice(0, 12);
  // What the largest kind holds, by the first characters of each referent's name (a string's value, an object's class).
  const largest = children(gcRoots).sort((a, b) => children(b).length - children(a).length)[0];
  const prefixes = new Map<string, number>();
  for (const node of largest === undefined ? [] : children(largest)) {
    const prefix = nameOf(node).slice(0, 10);
    prefixes.set(prefix, (prefixes.get(prefix) ?? 0) + 1);
  }
  const common = [...prefixes.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([prefix, n]) => `${JSON.stringify(prefix)} ${n}`);
  return `GC roots by kind (references): ${rows.map((row) => `${row.name} ${row.refs}`).join(', ')}; the largest holds, by prefix: ${common.join(', ')}`;
}
