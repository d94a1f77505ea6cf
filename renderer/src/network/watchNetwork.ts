import type { TandemApi } from '@tandem/contract';

/** A page hidden this long was probably a closed laptop lid: its REGISTER binding may be gone. */
export const LONG_ABSENCE_MS = 60_000;

/**
 * The browser host has no powerMonitor: the page tells main when the network
 * came back or the machine seems to have woken up, and main re-registers at
 * once instead of waiting for its keepalive to notice (issue 3: registration
 * not recovering after sleep is what softphone users complain about most).
 */
export function watchNetwork(win: Window, api: TandemApi, now: () => number = () => Date.now()): () => void {
  let hiddenSince: number | null = null;
  const changed = () => void api.networkChanged();
  const visibility = () => {
    if (win.document.visibilityState === 'hidden') {
      hiddenSince = now();
      return;
    }
    if (hiddenSince !== null && now() - hiddenSince >= LONG_ABSENCE_MS) changed();
    hiddenSince = null;
  };
  win.addEventListener('online', changed);
  win.document.addEventListener('visibilitychange', visibility);
  return () => {
    win.removeEventListener('online', changed);
    win.document.removeEventListener('visibilitychange', visibility);
  };
}
