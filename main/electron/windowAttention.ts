import type { App, BrowserWindow } from 'electron';
import type { WindowAttention } from '../core/alerts/windowAttention';

/** The desk's window, reduced to what the signal uses (main.ts passes the real one; tests a fake). */
export type AttentionWindow = Pick<BrowserWindow, 'flashFrame' | 'isFocused' | 'isDestroyed'>;
/** Electron's `app`, reduced likewise. */
export type AttentionApp = Pick<App, 'setBadgeCount'>;

/**
 * Electron's taskbar and dock signal for ringing calls: the window's taskbar button flashes (Windows; the dock
 * icon bounces on macOS, the window is marked urgent on Linux) unless the agent is already looking at it, and
 * the app's badge shows how many calls ring (macOS dock, Linux launchers that read the Unity count). Both go
 * when the last call stops ringing. `window` answers the current window: it may be closed and made again.
 */
export function createElectronWindowAttention(window: () => AttentionWindow | undefined, app: AttentionApp): WindowAttention {
  return {
    show(ringing) {
      const current = window();
      if (current !== undefined && !current.isDestroyed()) current.flashFrame(ringing > 0 && !current.isFocused());
      // False where the desktop has no badge (Windows, most Linux panels): the flash and the title still say it.
      app.setBadgeCount(ringing);
    },
  };
}
