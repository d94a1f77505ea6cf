// Builds the three processes: the renderer with Vite (minified), main, the
// preload, the web bridge and the team administration CLI with esbuild. `--if-needed` skips the work when out/ is newer
// than every source file, so `npm run web` starts fast after a build.
import { build as esbuild } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = [
  'out/main/electron.cjs',
  'out/main/web.cjs',
  'out/preload/electron.cjs',
  'out/renderer/index.html',
  'out/renderer/bridge.js',
  'out/main/team.cjs',
];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else newest = Math.max(newest, statSync(join(root, path)).mtimeMs);
  }
  return newest;
}

function upToDate() {
  if (!outputs.every((file) => existsSync(join(root, file)))) return false;
  const oldestOutput = Math.min(...outputs.map((file) => statSync(join(root, file)).mtimeMs));
  const sources = Math.max(
    ...['main', 'preload', 'contract', 'web-bridge', 'renderer', 'assets'].map(newestSource),
    statSync(join(root, 'package.json')).mtimeMs,
  );
  return oldestOutput > sources;
}

if (process.argv.includes('--if-needed') && upToDate()) process.exit(0);

// The contract's path alias, as in the tsconfig projects (esbuild is not given those).
const alias = { '@tandem/contract': './contract/index.ts', '@tandem/contract/bridgeKit': './contract/bridgeKit.ts' };
const common = { bundle: true, alias, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: root };

await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
await Promise.all([
  esbuild({ ...common, entryPoints: ['main/electron/main.ts'], outfile: 'out/main/electron.cjs', format: 'cjs', external: ['electron'] }),
  esbuild({
    ...common,
    entryPoints: ['main/web/host.ts'],
    outfile: 'out/main/web.cjs',
    format: 'cjs',
    // `ws` optionally requires native helpers; leave them to be resolved at run time.
    external: ['bufferutil', 'utf-8-validate'],
  }),
  // The team database's administration (`npm run team`); pg's optional native binding is not used.
  esbuild({ ...common, entryPoints: ['main/cli/team.ts'], outfile: 'out/main/team.cjs', format: 'cjs', external: ['pg-native'] }),
  // A sandboxed preload may only require('electron'): everything else (the contract's zod schemas) is
  // bundled in, minified, because every window parses it before the page starts.
  esbuild({
    ...common,
    platform: 'browser',
    target: 'chrome130',
    entryPoints: ['preload/electron/preload.ts'],
    outfile: 'out/preload/electron.cjs',
    format: 'cjs',
    external: ['electron'],
    minify: true,
  }),
  // The browser host's bridge is a classic script that sets window.tandem before the app starts.
  esbuild({
    ...common,
    platform: 'browser',
    target: 'chrome130',
    entryPoints: ['web-bridge/bridge.ts'],
    outfile: 'out/renderer/bridge.js',
    format: 'iife',
    minify: true,
  }),
]);
console.log('built: out/renderer, out/main, out/preload');
