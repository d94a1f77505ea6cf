import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The renderer is one static page: the Electron shell loads it from disk
// (file://) and the browser host serves it, so asset paths are relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  // The contract's path alias, as in tsconfig.renderer.json.
  resolve: { alias: { '@tandem/contract': fileURLToPath(new URL('./contract/index.ts', import.meta.url)) } },
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    minify: true,
    sourcemap: true,
    target: 'chrome130',
  },
});
