import type { PopHold } from '../../dom/afterPopPaint';

/**
 * When a ringing call's own work may start (its ringtone, its media's preparation): after the next
 * paint (the ringing row's frame), then once the screen pop holds the page no longer (its panel has
 * painted, or its hold has lapsed: customers/popQuiet.ts). With no pop, right after that frame.
 */
export function afterPopPainted(paint: () => Promise<void>, popHold: PopHold | undefined): () => Promise<void> {
  return () => paint().then(() => popHold?.whenQuiet());
}
