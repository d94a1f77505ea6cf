import { useEffect, useState } from 'react';
import { afterNextPaint } from './afterNextPaint';

/**
 * True once a frame has been painted while `key` was on screen. A component
 * renders the part of itself that can wait only then, so the first frame for
 * a new key carries just what the user needs first (the screen pop: who is
 * calling, before their history). Later renders with the same key are not
 * held back; a new key is.
 */
export function usePaintedFor(key: string | null): boolean {
  const [painted, setPainted] = useState<string | null>(null);
  useEffect(() => {
    if (key === null || painted === key) return;
    let current = true;
    void afterNextPaint(window).then(() => {
      if (current) setPainted(key);
    });
    return () => {
      current = false;
    };
  }, [key, painted]);
  return key !== null && painted === key;
}
