import { PAINT_WAIT_LIMIT_MS } from './afterNextPaint';

export type FrameWindow = Pick<Window, 'requestAnimationFrame' | 'cancelAnimationFrame' | 'setTimeout' | 'clearTimeout'>;

export interface LatestPerFrame<T> {
  /** A newer value replaces one not yet applied. */
  readonly push: (value: T) => void;
  /** Drops what is pending (the page is closing). */
  readonly cancel: () => void;
}

/**
 * Applies only the newest of the values that arrive between two frames, just
 * before the next one: a stream of whole snapshots (the supervisor's board,
 * pushed whole at every change) costs one store update and one render per
 * frame however fast it comes, and a frame is never spent on a snapshot the
 * next one replaces. A page that stopped producing frames (hidden, minimised)
 * still gets the value within `PAINT_WAIT_LIMIT_MS`: the supervisor's alerts
 * are derived from it and must reach the desktop notification. Without a
 * window (a test in Node) values are applied as they come.
 */
export function latestPerFrame<T>(apply: (value: T) => void, win: FrameWindow | undefined = globalThis.window): LatestPerFrame<T> {
  if (win === undefined || typeof win.requestAnimationFrame !== 'function') return { push: apply, cancel: () => undefined };
  let pending: { readonly value: T } | undefined;
  let frame = 0;
  let cap: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    win.cancelAnimationFrame(frame);
    if (cap !== undefined) win.clearTimeout(cap);
    cap = undefined;
    const taken = pending;
    pending = undefined;
    if (taken !== undefined) apply(taken.value);
  };
  return {
    push(value) {
      const scheduled = pending !== undefined;
      pending = { value };
      if (scheduled) return;
      frame = win.requestAnimationFrame(flush);
      cap = win.setTimeout(flush, PAINT_WAIT_LIMIT_MS);
    },
    cancel() {
      pending = undefined;
      win.cancelAnimationFrame(frame);
      if (cap !== undefined) win.clearTimeout(cap);
      cap = undefined;
    },
  };
}
