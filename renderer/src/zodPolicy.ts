import * as z from 'zod';

/*
 * The page's CSP refuses eval (`script-src 'self'`). zod compiles its object schemas with
 * `new Function` where its probe says eval is allowed: in the page the probe itself is reported as a
 * CSP violation on every load, and where the probe ran in a context that allowed it (a script a test
 * harness evaluated) the later compile threw. Said once, first: zod's config is one per page
 * (`globalThis`), shared with the bridge's copy.
 */
z.config({ jitless: true });
