#!/usr/bin/env node
/**
 * Self time per source function across V8 CPU profiles (a JSON list of
 * `Profiler.stop` results, e.g. test-results/bench/context-pops.cpuprofiles.json),
 * mapped back through the build's source maps (out/renderer/assets/*.js.map).
 *
 *   node tests/bench/support/profileSummary.mjs test-results/bench/context-pops.cpuprofiles.json [top]
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { SourceMapConsumer } from 'source-map-js';

const [file, topArg] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: profileSummary.mjs <profiles.json> [top]');
  process.exit(2);
}
const profiles = JSON.parse(readFileSync(file, 'utf8'));
const maps = new Map();
const consumerFor = (url) => {
  const name = url.split('/').at(-1);
  if (!name?.endsWith('.js')) return null;
  if (!maps.has(name)) {
    const path = [
      join(process.env.PROFILE_OUT ?? 'out', 'renderer/assets', `${name}.map`),
      join(process.env.PROFILE_OUT ?? 'out', 'renderer', `${name}.map`),
    ].find((p) => existsSync(p));
    maps.set(name, path === undefined ? null : new SourceMapConsumer(JSON.parse(readFileSync(path, 'utf8'))));
  }
  return maps.get(name);
};
const where = (frame) => {
  const consumer = frame.url ? consumerFor(frame.url) : null;
  if (consumer === null || consumer === undefined) return `${frame.functionName || '(anonymous)'} ${frame.url.split('/').at(-1) ?? ''}`;
  const pos = consumer.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
  const source = (pos.source ?? '?').replace(/^.*node_modules\//, 'nm:').replace(/^(\.\.\/)+/, '');
  return `${pos.name ?? frame.functionName ?? '(anonymous)'} ${source}:${pos.line}`;
};
const self = new Map();
let total = 0;
for (const profile of profiles) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    if (node === undefined || node.callFrame.functionName === '(idle)') return;
    total += ms;
    const key = where(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + ms);
  });
}
const top = Number(topArg ?? 40);
console.log(`${profiles.length} profiles, ${(total / profiles.length).toFixed(1)} ms of non-idle samples per profile`);
for (const [key, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${(ms / profiles.length).toFixed(2).padStart(8)} ms/profile  ${key}`);
}
