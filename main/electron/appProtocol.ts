import type { CustomScheme, Protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import type { Logger } from '../core/log/logger';
import { contentTypeOf, resolveStaticPath } from '../core/files/staticPath';
import { RENDERER_CSP } from './csp';

/**
 * The desktop shell serves the renderer from `app://tandem/`, not `file://`.
 *
 * A `file:` page shares one opaque origin with every other file on the disk
 * (and, with the legacy privileges the `grantFileProtocolExtraPrivileges` fuse
 * now turns off, may read them); it cannot carry a CSP header; and "our page"
 * would be any path a navigation can reach. A privileged standard scheme
 * gives the page a real origin of its own, `app://tandem`, that nothing else
 * shares: permissions, IndexedDB and the IPC sender check are bound to it.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tandem';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The only document our windows show. */
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

/**
 * - `standard`: a real origin (relative URLs resolve, IndexedDB and storage
 *   work, which Dexie needs);
 * - `secure`: a secure context, which `getUserMedia` and WebRTC require;
 * - `supportFetchAPI`: the page's module scripts and `fetch` may load from it;
 * - `codeCache`: Chromium keeps the compiled 2 MB bundle between starts, as
 *   the browser host's cached hashed assets do (web/cachePolicy.ts), so a
 *   start or reload does not compile it again (issue 14 item 2).
 * Deliberately not `corsEnabled` (it would let other origins read our files
 * without any CORS check), nor `bypassCSP`, service workers or extensions.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** Must run before the app is ready (Electron refuses it afterwards). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

const refuse = (status: 404 | 405): Response => new Response(null, { status, headers: { 'Content-Security-Policy': RENDERER_CSP } });

/**
 * Answers one `app:` request from the built renderer in `rendererDir`. Only
 * GET/HEAD on host `tandem`; the path is resolved by the rules the browser
 * host uses too (no climbing out, no symbolic link leading outside). Every
 * response carries the page's CSP (the header is enforced even should the
 * page's meta tag ever be dropped) and `nosniff`, so a file is only ever run
 * as what its extension says.
 */
export function createAppRequestHandler(rendererDir: string, log: Logger): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(404);
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404);
    const file = await resolveStaticPath(rendererDir, url.pathname);
    if (file === undefined) {
      // The path itself is not logged: a page could put anything in it.
      log.warn('app:// request refused or not found', { length: url.pathname.length });
      return refuse(404);
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return refuse(404);
    }
    const headers = {
      'Content-Type': contentTypeOf(file),
      'Content-Security-Policy': RENDERER_CSP,
      'X-Content-Type-Options': 'nosniff',
    };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

/** Serves `app://tandem/` on the default session; call once the app is ready. */
export function serveApp(protocol: Pick<Protocol, 'handle'>, rendererDir: string, log: Logger): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir, log));
}
