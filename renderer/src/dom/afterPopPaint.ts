/** The screen pop's hold on the page from ring to paint (customers/popQuiet.ts is one). */
export interface PopHold {
  /** Whether a pop holds now. */
  busy(): boolean;
  /** Resolves once no pop holds (at once when none does). */
  whenQuiet(): Promise<void>;
}

/**
 * What a ring changes besides the call row and the screen pop, and nobody
 * reads in that first frame (the page's title, the desktop notification),
 * waits until the pop has painted: a ring's trace had these taking a third of
 * the ringing event's task, the task whose end the pop's IndexedDB answers
 * wait for. (The ringtone and the Answer button's focus wait for the pop too,
 * after the ringing row's frame: startMedia.ts, CallItem.tsx.)
 *
 * The returned function runs `work` at once when no pop holds the page, else
 * once its hold is released (or lapses: popQuiet.ts). Asked again meanwhile,
 * `work` still runs once, reading what is true then.
 */
export function afterPopPaint(quiet: PopHold | undefined, work: () => void): () => void {
  let waiting = false;
  return () => {
    if (waiting) return;
    if (quiet === undefined || !quiet.busy()) return work();
    waiting = true;
    // In a task of its own: the release comes in the task after the pop's frame, and what else waits for that
    // frame (a measurement, an input event) need not wait for this too.
    void quiet.whenQuiet().then(() =>
      setTimeout(() => {
        waiting = false;
        work();
      }, 0),
    );
  };
}
