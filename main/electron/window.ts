import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { AppFiles } from './paths';

/**
 * The desk window. Its settings are the strict ones and stay that way (a
 * lint rule refuses any weakening): the page runs sandboxed, isolated from
 * the preload, without Node, with web security on. `backgroundThrottling`
 * is off because a call keeps running while the window is hidden: timers
 * and audio must not be slowed down behind another app.
 */
export function createMainWindow(
  files: AppFiles,
  title: string,
  size: { readonly width: number; readonly height: number } = { width: 1280, height: 800 },
): BrowserWindow {
  const window = new BrowserWindow({
    title,
    width: size.width,
    height: size.height,
    minWidth: 800,
    minHeight: 560,
    show: false,
    icon: join(files.assets, 'icon.png'),
    webPreferences: {
      preload: files.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // A middle click would ask for a new window; window.open is denied anyway, this stops the request at the source.
      disableBlinkFeatures: 'Auxclick',
      backgroundThrottling: false,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  return window;
}

/** Loads our page, served by `app://tandem/` (appProtocol.ts); the only document a window of ours ever shows. */
export async function loadPage(window: BrowserWindow, files: AppFiles): Promise<void> {
  await window.loadURL(files.pageUrl);
}

/**
 * The supervisor view (issue 16): the same page with the fragment
 * `#supervisor`. A fragment, not a path, because every guard (navigation, IPC
 * sender, permissions) accepts our one page URL only, and a fragment keeps it
 * that page.
 */
export const SUPERVISOR_FRAGMENT = 'supervisor';

export async function loadSupervisorPage(window: BrowserWindow, files: AppFiles): Promise<void> {
  await window.loadURL(`${files.pageUrl}#${SUPERVISOR_FRAGMENT}`);
}

/** Brings the window forward (second launch, a tel: link, the tray's "Show"). */
export function revealWindow(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
