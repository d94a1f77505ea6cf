import type { DialogWatcher } from '../../../main/core/supervisor/dialogWatcher';

/**
 * Resolves once the watcher's view satisfies `check`; each change is examined as it comes, no
 * polling. On timeout it rejects with `what` and the story's own account of what it saw.
 */
export function watcherShows(
  watcher: DialogWatcher,
  what: string,
  check: () => boolean,
  options: { readonly timeoutMs: number; readonly explain: () => string },
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const examine = (): void => {
      if (!check()) return;
      clearTimeout(timer);
      stop();
      resolve();
    };
    const stopMembers = watcher.onChange(examine);
    const stopLink = watcher.onLinkChange(examine);
    const stop = (): void => {
      stopMembers();
      stopLink();
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the watcher never showed ${what}; link ${watcher.link}; ${options.explain()}`));
    }, options.timeoutMs);
  });
}
