import * as z from 'zod/mini';

/*
 * The page's CSP refuses eval (`script-src 'self'`). zod compiles its object schemas with
 * `new Function` where its probe says eval is allowed: in the page the probe itself is reported as a
 * CSP violation on every load, and where the probe ran in a context that allowed it (a script a test
 * harness evaluated) the later compile threw. Imported for its effect, first, by what runs in a page:
 * the bridge kit (the browser host's bridge, the Electron preload) and the app (`renderer/src/main.tsx`).
 * zod's config is one per JavaScript world (`globalThis`), so each of them says it; main, which has no
 * CSP and parses far more, never imports this and keeps zod's compiled parsers.
 */
z.config({ jitless: true });
