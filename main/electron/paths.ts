import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where the built app's files are, found from this bundle's own location
 * (`out/main/electron.cjs`) rather than from `app.getAppPath()`: that one
 * differs between `electron .`, `electron out/main/electron.cjs` (how the
 * launch test starts us) and a packaged `app.asar`, while `__dirname` is
 * `…/out/main` in all three.
 */
export interface AppFiles {
  /** The renderer page, `out/renderer/index.html`. */
  readonly page: string;
  /** Its `file:` URL: the only document our windows may show and the only one that may call main. */
  readonly pageUrl: string;
  /** The sandboxed preload, `out/preload/electron.cjs`. */
  readonly preload: string;
  /** Tray and window icons (assets/ is packaged next to out/). */
  readonly assets: string;
}

export function appFiles(bundleDir: string = __dirname): AppFiles {
  const page = join(bundleDir, '..', 'renderer', 'index.html');
  return {
    page,
    pageUrl: pathToFileURL(page).href,
    preload: join(bundleDir, '..', 'preload', 'electron.cjs'),
    assets: join(bundleDir, '..', '..', 'assets'),
  };
}
