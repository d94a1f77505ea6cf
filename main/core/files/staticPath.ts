import { realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

/**
 * Mapping a URL path to a file of the built renderer, for both shells: the
 * browser host serves it over HTTP (main/web/staticFiles.ts), the desktop
 * shell over `app://tandem` (main/electron/appProtocol.ts). Kept in one place
 * so both refuse the same things.
 */

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
};

/** The Content-Type for a file we serve; a module script is refused by Chromium without the right one. */
export function contentTypeOf(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

const isInside = (root: string, candidate: string): boolean => candidate.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * The real path of the regular file `urlPath` names under `rootDir`, or
 * undefined. Refused: undecodable escapes, NUL, anything that climbs out of
 * the root once `..` and encoded separators are resolved, and anything whose
 * real path (symbolic links followed, the root's own included) is not inside
 * the root's real path — a link planted in the build output must not expose
 * the rest of the disk. `/` names `index.html`; directories are not served.
 *
 * Inside a packaged `app.asar`, Electron's fs answers `realpath` and `stat`
 * for the archive's entries, so the same check holds there.
 */
export async function resolveStaticPath(rootDir: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
  const lexical = join(rootDir, relative);
  if (!isInside(rootDir, lexical)) return undefined;
  try {
    const [realRoot, real] = await Promise.all([realpath(rootDir), realpath(lexical)]);
    if (!isInside(realRoot, real)) return undefined;
    if (!(await stat(real)).isFile()) return undefined;
    return real;
  } catch {
    // Missing, unreadable, or a dangling link: not found, whatever the reason.
    return undefined;
  }
}
