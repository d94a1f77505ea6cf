/**
 * The Content-Security-Policy of the renderer page. The page carries it in a
 * `<meta>` tag (renderer/index.html); main also sends it as a response header
 * (on every `app://tandem` answer, appProtocol.ts, and wherever else Chromium
 * lets main see the response), a second line of defence should the meta tag
 * ever be dropped. Both are enforced together, so the two
 * are kept identical (tests/unit/electron/csp.test.ts compares them): scripts
 * and styles only from the app's own files, no inline code, no eval, no
 * frames, no plugins, no forms, no `<base>` rewriting.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self' ws://127.0.0.1:* wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
