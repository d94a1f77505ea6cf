import { readFile, realpath } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
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

export interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
}

const inside = (root: string, path: string) => path.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * Resolves a URL path inside the built renderer, refusing anything that would
 * climb out of it: `..`, encoded separators, NUL, and symbolic links. The
 * name is checked first, then the file's real path (every link followed),
 * because a link inside the root may point anywhere on the disk.
 */
export async function readStaticFile(rootDir: string, urlPath: string): Promise<StaticFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
  const full = join(rootDir, relative);
  if (!inside(rootDir, full)) return undefined;
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- resolving the name confined just above, to confine its target too
    const [root, real] = await Promise.all([realpath(rootDir), realpath(full)]);
    if (!inside(root, real)) return undefined;
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- its real path was confined to rootDir just above
    const body = await readFile(real);
    return { body, type: TYPES[extname(full)] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}

/** The browser host's page is the renderer's page plus the bridge that provides window.tandem. */
export function withBridge(indexHtml: string): string {
  const tag = '<script src="./bridge.js"></script>';
  return indexHtml.includes('<script type="module"') ? indexHtml.replace('<script type="module"', `${tag}\n    <script type="module"`) : indexHtml.replace('</head>', `${tag}</head>`);
}
