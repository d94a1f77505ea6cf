import type { EarlyReads } from './earlyReads';

/** The longest the desk's first render waits for the inbox's head; past it the desk renders and the rows follow. */
export const FIRST_SCREEN_WAIT_MS = 120;

/**
 * Resolves when the inbox's first screenful has been read early, or after
 * `wait` ms, whichever comes first. The desk's first render (~100 ms of main
 * thread on the 2-core bench) ran before the head's read was answered, and
 * that answer then waited behind it and behind a second render for the rows:
 * a reload's first row came ~350-550 ms after the bundle had been evaluated
 * (issue 14 item 2). Waiting a little for the head makes it one render with
 * the rows in it. The wait is bounded because an open can be held up (an
 * upgrade in another window); the rows then come in a later render, as before.
 */
export function firstScreenReady(early: EarlyReads | null, wait: number = FIRST_SCREEN_WAIT_MS): Promise<void> {
  if (early === null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, wait);
    void early.headSettled.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
