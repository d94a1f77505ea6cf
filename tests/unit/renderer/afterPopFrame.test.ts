import { describe, expect, it } from 'vitest';
import { afterNextPaint, afterNextPaintAndQueue, type PaintWindow } from '../../../renderer/src/dom/afterNextPaint';
import { step } from '../../integration/support/step';

/** A visible page whose frames run when the story says so; its timers are the real ones. */
function pageWithFrames() {
  const frames: (() => void)[] = [];
  const timers: ReturnType<typeof setTimeout>[] = [];
  const win: PaintWindow = {
    document: { visibilityState: 'visible' },
    requestAnimationFrame: (callback) => {
      frames.push(() => callback(0));
      return frames.length;
    },
    setTimeout: ((run: () => void, ms?: number) => {
      timers.push(setTimeout(run, ms));
      return timers.length - 1;
    }) as PaintWindow['setTimeout'],
    clearTimeout: (id: number | undefined) => clearTimeout(timers[id ?? -1]),
  };
  return {
    win,
    frame() {
      for (const run of frames.splice(0)) run();
    },
  };
}

/** Another party that wants a task right after the same frame (an input event, a measurement of the frame). */
function taskAfterFrame(win: PaintWindow, order: string[], name: string) {
  win.requestAnimationFrame(() => win.setTimeout(() => order.push(name), 0));
}

describe('what the screen pop does once painted waits for what was queued behind its frame', () => {
  it('lets a task queued behind the frame run first, and still runs right after it', async () => {
    const page = pageWithFrames();
    const order: string[] = [];

    await step('the pop asks to follow up after its frame, before anyone else asks for that frame', async () => {
      const followUp = afterNextPaintAndQueue(page.win).then(() => order.push('pop follow-up'));
      taskAfterFrame(page.win, order, 'queued behind the frame');
      page.frame();
      await followUp;
    });

    await step('the task queued behind the frame ran first', () => {
      expect(order).toEqual(['queued behind the frame', 'pop follow-up']);
    });
  });

  it('is what a plain wait for the next paint does not give (it runs in the first task after the frame)', async () => {
    const page = pageWithFrames();
    const order: string[] = [];
    const painted = afterNextPaint(page.win).then(() => order.push('after paint'));
    taskAfterFrame(page.win, order, 'queued behind the frame');
    page.frame();
    await painted;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(order).toEqual(['after paint', 'queued behind the frame']);
  });

  it('does not wait on a hidden page, which produces no frames', async () => {
    const page = pageWithFrames();
    const hidden: PaintWindow = { ...page.win, document: { visibilityState: 'hidden' } };
    await expect(afterNextPaintAndQueue(hidden)).resolves.toBeUndefined();
  });
});
