import { build } from 'esbuild';

/**
 * A bench module bundled for evaluation in a page of the host's origin (the seeders:
 * contextSeed.ts, socialSeed.ts): one IIFE, nothing written to disk.
 */
export async function pageBundle(entryPoint: string): Promise<string> {
  const out = await build({
    entryPoints: [entryPoint],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    // The renderer code it bundles imports the contract by the path alias the tsconfig projects use.
    alias: { '@tandem/contract': './contract/index.ts' },
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]?.text ?? '';
}
