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
 * Retainer chains (up to `depth` steps, weak edges skipped) of the nodes in `json` whose ids are not in
 * `before` and whose label contains `match`, most common chain first.
 */
export function retainerChains(json: string, before: ReadonlySet<number>, match: string, depth = 8, top = 8): string {
  const data = JSON.parse(json) as Snapshot;
  const { node_fields: nodeFields, node_types: nodeTypes, edge_fields: edgeFields, edge_types: edgeTypes } = data.snapshot.meta;
  const width = nodeFields.length;
  const [typeAt, nameAt, idAt, edgeCountAt] = ['type', 'name', 'id', 'edge_count'].map((f) => nodeFields.indexOf(f)) as [number, number, number, number];
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
  // Reverse edges: for each node, the first few (retainer, edge name) that point at it, weak ones left out.
  const retainers: { from: number; edge: string }[][] = Array.from({ length: nodeCount }, () => []);
  let edge = 0;
  for (let node = 0; node < nodeCount; node += 1) {
    const count = data.nodes[node * width + edgeCountAt] ?? 0;
    for (let e = 0; e < count; e += 1, edge += edgeWidth) {
      const kind = edgeTypes[0][data.edges[edge + edgeTypeAt] ?? 0];
      if (kind === 'weak' || kind === 'shortcut') continue;
      const to = (data.edges[edge + toAt] ?? 0) / width;
      const nameOrIndex = data.edges[edge + edgeNameAt] ?? 0;
      const edgeName = kind === 'element' ? '[]' : kind === 'hidden' ? `[${nameOrIndex}]` : (data.strings[nameOrIndex] ?? '?');
      const list = retainers[to];
      if (list !== undefined && list.length < 4) list.push({ from: node, edge: edgeName });
    }
  }
  const chains = new Map<string, number>();
  let matched = 0;
  for (let node = 0; node < nodeCount; node += 1) {
    if (before.has(data.nodes[node * width + idAt] ?? -1) || !label(node).includes(match)) continue;
    matched += 1;
    const steps = [label(node)];
    const seen = new Set([node]);
    let at = node;
    for (let step = 0; step < depth; step += 1) {
      // Prefer a retainer that is an object of the program over the engine's own bookkeeping.
      const options = (retainers[at] ?? []).filter((r) => !seen.has(r.from));
      const next = options.find((r) => !label(r.from).startsWith('(')) ?? options[0];
      if (next === undefined) break;
      steps.push(`${label(next.from)}.${next.edge}`);
      seen.add(next.from);
      at = next.from;
    }
    const chain = steps.join(' ← ');
    chains.set(chain, (chains.get(chain) ?? 0) + 1);
  }
  const rows = [...chains.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [`new nodes matching "${match}": ${matched}; most common retainer chains:`, ...rows.map(([chain, n]) => `  ${String(n).padStart(5)} × ${chain}`)].join(
    '\n',
  );
}
