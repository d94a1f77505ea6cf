/**
 * The Content-Security-Policy of the renderer page. The page carries the same
 * policy in a `<meta>` tag (renderer/index.html); main also sends it as a
 * response header wherever Chromium lets main see the response, as a second
 * line of defence should the meta tag ever be dropped. Both are enforced, so
 * this one must never be looser than the meta tag, and adding a source means
 * changing both.
 *
 * - scripts and styles only from the app's own files: no inline script, no eval;
 * - images may come from `https:` (social avatars) and `data:`/`blob:`;
 * - media (the remote party's audio) from `blob:`/`mediastream:`;
 * - no plugins, no frames, no forms, no `<base>` rewriting.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: https:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob: mediastream:",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
