/** The longest a deferred task waits for a frame (a page that stopped producing frames still gets it done). */
export const PAINT_WAIT_LIMIT_MS = 100;

export type PaintWindow = Pick<Window, 'requestAnimationFrame' | 'setTimeout' | 'clearTimeout'> & { readonly document: Pick<Document, 'visibilityState'> };

/**
 * Resolves after the page's next frame has been produced: a requestAnimationFrame
 * callback, then a task after it (the frame's style, layout and paint run between
 * the two). A hidden page produces no frames, so it resolves at once there, and a
 * timer caps the wait in case frames stall.
 */
export function afterNextPaint(win: PaintWindow): Promise<void> {
  if (win.document.visibilityState === 'hidden') return Promise.resolve();
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      win.clearTimeout(cap);
      resolve();
    };
    const cap = win.setTimeout(finish, PAINT_WAIT_LIMIT_MS);
    win.requestAnimationFrame(() => win.setTimeout(finish, 0));
  });
}

/**
 * Resolves after the page's next frame and after the tasks already queued behind
 * it: what the screen pop does once it has painted (its own writes, the full read
 * that confirms a remembered card, then the Answer button's focus and the
 * ringtone, which wait for its hold) is housekeeping nobody sees, and an input
 * event or a measurement of that frame should not wait for it. Traces of a ring
 * had 4–12 ms of it in the first task after the pop's frame.
 */
export function afterNextPaintAndQueue(win: PaintWindow): Promise<void> {
  return afterNextPaint(win).then(() => new Promise<void>((resolve) => win.setTimeout(resolve, 0)));
}
