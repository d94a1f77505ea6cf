import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is one static page: the Electron shell loads it from disk
// (file://) and the browser host serves it, so asset paths are relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    minify: true,
    sourcemap: true,
    target: 'chrome130',
  },
});
