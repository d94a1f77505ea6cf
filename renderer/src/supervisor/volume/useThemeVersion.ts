import { useEffect, useState } from 'react';

/**
 * A number that changes whenever the page's colours may have: the desk's
 * theme (`<html data-theme>`, set by desk/documentSettings.ts) or the
 * system's light/dark preference. A canvas does not follow the stylesheet by
 * itself; the chart reads its colours again when this changes.
 */
export function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((value) => value + 1);
    const root = document.documentElement;
    const observer = new MutationObserver(bump);
    observer.observe(root, { attributes: true, attributeFilter: ['data-theme', 'style', 'class'] });
    const media = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
    media?.addEventListener('change', bump);
    return () => {
      observer.disconnect();
      media?.removeEventListener('change', bump);
    };
  }, []);
  return version;
}
