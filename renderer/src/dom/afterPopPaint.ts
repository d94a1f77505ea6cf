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
    // In a task of its own: the release already comes after the tasks queued behind the pop's frame (the
    // store's afterPaint, afterNextPaintAndQueue), and the other work its release wakes (the pop's writes, the
    // Answer button's focus) need not share one task with this.
    void quiet.whenQuiet().then(() =>
      setTimeout(() => {
        waiting = false;
        work();
      }, 0),
    );
  };
}

/**
 * When a ringing call's own work may start (its ringtone, its media's preparation): after the next
 * paint (the ringing row's frame), then once no pop holds the page (its panel has painted, or its
 * hold has lapsed: customers/popQuiet.ts). With no pop, right after that frame.
 */
export function untilPopPainted(paint: () => Promise<void>, quiet: PopHold | undefined): () => Promise<void> {
  return () => paint().then(() => quiet?.whenQuiet());
}
