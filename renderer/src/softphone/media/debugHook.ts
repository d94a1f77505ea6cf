import type { MediaEngine } from './mediaEngine';

/**
 * A read-only window onto the engine for tests and support sessions:
 * `window.__tandemMedia = { stats(callId), calls() }`. Installed only when the
 * page was opened with `?debug=media`, or when a build defines
 * `__TANDEM_DEBUG_MEDIA__` as true; a normal build exposes nothing.
 */
declare const __TANDEM_DEBUG_MEDIA__: boolean | undefined;

export const DEBUG_HOOK_NAME = '__tandemMedia';

export function isMediaDebugEnabled(search: string): boolean {
  const builtIn = typeof __TANDEM_DEBUG_MEDIA__ !== 'undefined' && __TANDEM_DEBUG_MEDIA__ === true;
  return builtIn || new URLSearchParams(search).getAll('debug').includes('media');
}

export function installMediaDebugHook(win: Window, engine: Pick<MediaEngine, 'stats' | 'calls'>): () => void {
  if (!isMediaDebugEnabled(win.location.search)) return () => {};
  const hook = Object.freeze({
    stats: (callId: string) => engine.stats(String(callId)),
    calls: () => engine.calls(),
  });
  Object.defineProperty(win, DEBUG_HOOK_NAME, { value: hook, configurable: true, enumerable: false, writable: false });
  return () => {
    if (Reflect.get(win, DEBUG_HOOK_NAME) === hook) Reflect.deleteProperty(win, DEBUG_HOOK_NAME);
  };
}
