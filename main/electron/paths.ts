import { join } from 'node:path';
import { APP_PAGE_URL } from './appProtocol';

/**
 * Where the built app's files are, found from this bundle's own location
 * (`out/main/electron.cjs`) rather than from `app.getAppPath()`: that one
 * differs between `electron .`, `electron out/main/electron.cjs` (how the
 * launch test starts us) and a packaged `app.asar`, while `__dirname` is
 * `…/out/main` in all three.
 */
export interface AppFiles {
  /** The built renderer, `out/renderer/`: the only folder `app://tandem/` serves. */
  readonly rendererDir: string;
  /** `app://tandem/index.html`: the only document our windows may show and the only one that may call main. */
  readonly pageUrl: string;
  /** The sandboxed preload, `out/preload/electron.cjs`. */
  readonly preload: string;
  /** Tray and window icons (assets/ is packaged next to out/). */
  readonly assets: string;
}

export function appFiles(bundleDir: string = __dirname): AppFiles {
  return {
    rendererDir: join(bundleDir, '..', 'renderer'),
    pageUrl: APP_PAGE_URL,
    preload: join(bundleDir, '..', 'preload', 'electron.cjs'),
    assets: join(bundleDir, '..', '..', 'assets'),
  };
}
