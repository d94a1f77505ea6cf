import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, sourceFiles, type ImportEdge } from './importGraph';

const STORE = path.resolve('renderer/src/store/store.ts');
const MAX_LINES = 400;

/**
 * zustand's slices pattern: store.ts composes the slices, and each slice names
 * the composed state's type (`SliceCreator`) to type its `get()`. That type-only
 * loop is the pattern itself; any other loop is a design fault.
 */
function isSlicePattern(edge: ImportEdge, composed: ReadonlySet<string>): boolean {
  return edge.typeOnly && edge.to === STORE && composed.has(edge.from);
}

describe('the layout a newcomer reads', () => {
  it('the renderer has no import cycle, type imports included (the store-slices pattern aside)', () => {
    const edges = importGraph('renderer/src', 'tsconfig.renderer.json');
    expect(edges.length).toBeGreaterThan(200); // the graph really was read
    const composed = new Set(edges.filter((edge) => edge.from === STORE).map((edge) => edge.to));
    const cycles = importCycles(edges.filter((edge) => !isSlicePattern(edge, composed)));
    expect(cycles.map((cycle) => cycle.map((file) => path.relative('renderer/src', file)))).toEqual([]);
    // The whole renderer is parsed by the TypeScript compiler (several seconds on 2 busy cores): not a
    // time limit on the check, only on a hang.
  }, 120_000);

  it('finds a cycle when there is one (the check itself works)', () => {
    const edge = (from: string, to: string): ImportEdge => ({ from, to, typeOnly: true });
    expect(importCycles([edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('c', 'd')])).toEqual([['a', 'b', 'c']]);
  });

  it.each(['renderer/src', 'main/core', 'contract'])('no source file in %s is over 400 lines', (dir) => {
    const files = sourceFiles(dir);
    expect(files.length).toBeGreaterThan(5);
    const long = files.map((file) => ({ file, lines: fs.readFileSync(file, 'utf8').split('\n').length - 1 })).filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
