/**
 * The browser host's bridge runs before the app on every page load, so it is
 * kept to what it needs: the method table, the envelope check and the socket.
 * Bundled here as the build bundles it; if it ever imports the contract's
 * schemas (or zod's classic API, which cannot be tree-shaken), the page pays
 * ~100 kB more and ~50 ms of evaluation per load, and this story fails.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, isEventName, REQUEST_CHANNELS, requestMethods, requests } from '@tandem/contract';

/** Bundles `entry` as the build does, and says which contract schema files and zod classic modules came in, and its size. */
async function bundleOf(entry: string, options: { readonly format: 'iife' | 'cjs'; readonly external?: string[] }) {
  const bundled = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    platform: 'browser',
    alias: { '@tandem/contract/bridgeKit': './contract/bridgeKit.ts' },
    logLevel: 'silent',
    ...options,
  });
  const inputs = Object.keys(bundled.metafile.inputs);
  return {
    schemaFiles: inputs.filter((input) => /contract\/(channels|events|schemas|social|softphone)\.ts$/.test(input)),
    zodClassic: inputs.filter((input) => input.includes('node_modules/zod/v4/classic/')),
    bytes: bundled.outputFiles[0]?.contents.byteLength ?? 0,
  };
}

describe("the browser host's bridge", () => {
  it('is bundled without the schemas, and its method table names every channel once', async () => {
    const bundle = await bundleOf('web-bridge/bridge.ts', { format: 'iife' });
    expect(bundle.schemaFiles).toEqual([]);
    expect(bundle.zodClassic).toEqual([]);
    expect(bundle.bytes).toBeLessThan(40_000);

    expect(Object.keys(requestMethods).sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(new Set(Object.values(requestMethods)).size).toBe(Object.keys(requests).length);
  });
});

// Each Electron window runs its preload before the page: with the whole contract it was 125 kB of schemas.
describe('the Electron preload', () => {
  it('is bundled without the schemas, and knows every event by name', async () => {
    const bundle = await bundleOf('preload/electron/preload.ts', { format: 'cjs', external: ['electron'] });
    expect(bundle.schemaFiles).toEqual([]);
    expect(bundle.zodClassic).toEqual([]);
    expect(bundle.bytes).toBeLessThan(40_000);

    expect(EVENT_NAMES.filter((name) => !isEventName(name))).toEqual([]);
    expect(['constructor', 'toString', '__proto__', 'softphone:calls', 42, null].filter((value) => isEventName(value))).toEqual([]);
  });
});
