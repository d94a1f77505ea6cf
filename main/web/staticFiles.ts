import { readFile } from 'node:fs/promises';
import { contentTypeOf, resolveStaticPath } from '../core/files/staticPath';

export interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
}

/**
 * Resolves a URL path inside the built renderer, refusing anything that would
 * climb out of it (`..`, encoded separators, NUL, symbolic links that lead
 * outside): the rules are shared with the desktop shell's app:// protocol
 * (main/core/files/staticPath.ts).
 */
export async function readStaticFile(rootDir: string, urlPath: string): Promise<StaticFile | undefined> {
  const full = await resolveStaticPath(rootDir, urlPath);
  if (full === undefined) return undefined;
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- resolveStaticPath confined it to rootDir, links followed
    const body = await readFile(full);
    return { body, type: contentTypeOf(full) };
  } catch {
    return undefined;
  }
}

/** The app's module script: the first that is not `async` (an async one, the early head read, needs no bridge). */
const APP_SCRIPT = /<script type="module"(?![^>]*\basync\b)/;

/**
 * The browser host's page is the renderer's page plus the bridge that
 * provides window.tandem, placed before the app's module script. The early
 * head read's async script (vite.config.ts) stays before the bridge, so it
 * runs while the bridge downloads.
 */
export function withBridge(indexHtml: string): string {
  const tag = '<script src="./bridge.js"></script>';
  return APP_SCRIPT.test(indexHtml) ? indexHtml.replace(APP_SCRIPT, `${tag}\n    <script type="module"`) : indexHtml.replace('</head>', `${tag}</head>`);
}
