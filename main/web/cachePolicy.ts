/**
 * How long the browser may keep a file of the built renderer.
 *
 * The bundler names every script and stylesheet under `assets/` after a hash
 * of its content (`index-CjgTnv9E.js`): a new build is a new name, so such a
 * file can be kept for good and never asked for again. Kept in the HTTP
 * cache, it also carries Chromium's compiled-code cache from one load to the
 * next, which takes the compiling of the 2 MB bundle off every reload (issue
 * 14 item 2: the first inbox row after a reload). The page itself and the
 * unhashed bridge are asked for again each time: they change without a new
 * name, and the page carries its per-port CSP.
 */
const HASHED_ASSET = /^\/assets\/[\w.-]+-[\w-]{8,}\.(?:js|css)$/;

export function cacheControlOf(pathname: string, isPage: boolean): string {
  if (isPage) return 'no-store';
  return HASHED_ASSET.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache';
}
