import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const early = fileURLToPath(new URL('./renderer/src/data/rawHeadStart.ts', import.meta.url));

/**
 * The reload's first read (data/rawHeadStart.ts) is an entry of its own,
 * loaded by an async module script placed before everything else: it runs
 * while the browser host's bridge is still downloading, ~200 ms before the
 * bundle starts, and IndexedDB answers an open asked that early in ~35 ms
 * where one asked as the bundle starts took ~200 (issue 14 item 2). The
 * bundle imports the same module, so the read is made once, whichever runs
 * first. Placed after the CSP meta tag, so the policy covers it.
 */
function earlyHeadRead(): Plugin {
  return {
    name: 'tandem-early-head-read',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const chunk = Object.values(context.bundle ?? {}).find((output) => output.type === 'chunk' && output.isEntry && output.name === 'early');
        if (chunk === undefined) return html;
        return html.replace('<script type="module"', `<script type="module" async crossorigin src="./${chunk.fileName}"></script>\n    <script type="module"`);
      },
    },
  };
}

// The renderer is one static page: the Electron shell loads it from disk
// (file://) and the browser host serves it, so asset paths are relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), earlyHeadRead()],
  // JSON (the five languages' texts, the sentiment packages' lexicons: ~700 kB) as one
  // `JSON.parse('…')` string per file, not an object of named exports: V8 reads a JSON string far
  // faster than the same object as code, and named exports made every lexicon entry a getter
  // function (~20 000 of them) that each page load had to parse or take from the code cache.
  json: { namedExports: false, stringify: true },
  // The contract's path aliases, as in tsconfig.renderer.json (exact: the barrel, and the page's zod setting).
  resolve: {
    alias: [
      { find: /^@tandem\/contract$/, replacement: fileURLToPath(new URL('./contract/index.ts', import.meta.url)) },
      { find: /^@tandem\/contract\/zodPolicy$/, replacement: fileURLToPath(new URL('./contract/zodPolicy.ts', import.meta.url)) },
    ],
  },
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    minify: true,
    sourcemap: true,
    target: 'chrome130',
    rolldownOptions: { input: { index: fileURLToPath(new URL('./renderer/index.html', import.meta.url)), early } },
  },
});
