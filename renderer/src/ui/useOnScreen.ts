import { useCallback, useState } from 'react';

/**
 * Whether the browser renders an element styled `content-visibility: auto`
 * now, or skips it because it is far off screen (its
 * `contentvisibilityautostatechange` event). A timer that only a reader of
 * the screen needs can stop while its element is skipped and read the time
 * again when it comes back. True until the browser says otherwise (and where
 * it never does: older engines, test DOMs). Pass the returned ref to the element.
 */
export function useOnScreen(): readonly [(element: HTMLElement | null) => (() => void) | undefined, boolean] {
  const [onScreen, setOnScreen] = useState(true);
  const ref = useCallback((element: HTMLElement | null) => {
    if (element === null) return undefined;
    const listener = (event: Event) => setOnScreen(!(event as ContentVisibilityAutoStateChangeEvent).skipped);
    element.addEventListener('contentvisibilityautostatechange', listener);
    return () => element.removeEventListener('contentvisibilityautostatechange', listener);
  }, []);
  return [ref, onScreen];
}
