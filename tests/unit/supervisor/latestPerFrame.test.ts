import { describe, expect, it } from 'vitest';
import { PAINT_WAIT_LIMIT_MS } from '../../../renderer/src/dom/afterNextPaint';
import { latestPerFrame, type FrameWindow } from '../../../renderer/src/dom/latestPerFrame';
import { step } from '../../integration/support/step';

/** A window whose frames and timers run when the test says so. */
function manualWindow() {
  let next = 1;
  const frames = new Map<number, () => void>();
  const timers = new Map<number, { run: () => void; ms: number }>();
  const win: FrameWindow = {
    requestAnimationFrame: (callback) => {
      const id = next++;
      frames.set(id, () => callback(0));
      return id;
    },
    cancelAnimationFrame: (id) => void frames.delete(id),
    setTimeout: ((run: () => void, ms: number) => {
      const id = next++;
      timers.set(id, { run, ms });
      return id;
    }) as FrameWindow['setTimeout'],
    clearTimeout: (id: number) => void timers.delete(id),
  };
  return {
    win,
    frame() {
      const due = [...frames.values()];
      frames.clear();
      for (const run of due) run();
    },
    timersDue(ms: number) {
      return [...timers.values()].filter((timer) => timer.ms <= ms);
    },
    runTimers() {
      const due = [...timers.values()];
      timers.clear();
      for (const { run } of due) run();
    },
  };
}

describe('board pushes are applied once a frame, the newest only', () => {
  it('three boards between two frames: the store gets the third, once, at the frame', async () => {
    const page = manualWindow();
    const applied: string[] = [];
    const boards = latestPerFrame((board: string) => applied.push(board), page.win);

    await step('three pushes before the frame apply nothing yet', () => {
      boards.push('first');
      boards.push('second');
      boards.push('third');
      expect(applied).toEqual([]);
    });

    await step('the frame applies the newest, once; the cap timer has nothing left to do', () => {
      page.frame();
      page.runTimers();
      expect(applied).toEqual(['third']);
    });
  });

  it('a page that produces no frames (minimised) still gets the board within the cap, so alerts are raised', async () => {
    const page = manualWindow();
    const applied: string[] = [];
    const boards = latestPerFrame((board: string) => applied.push(board), page.win);
    boards.push('while hidden');
    await step(`a timer of at most ${PAINT_WAIT_LIMIT_MS} ms applies it without a frame`, () => {
      expect(page.timersDue(PAINT_WAIT_LIMIT_MS)).toHaveLength(1);
      page.runTimers();
      expect(applied).toEqual(['while hidden']);
    });
    await step('the late frame applies nothing twice', () => {
      page.frame();
      expect(applied).toEqual(['while hidden']);
    });
  });

  it('without a window (Node) every push is applied at once; cancel drops what waits', () => {
    const applied: number[] = [];
    latestPerFrame((value: number) => applied.push(value), undefined).push(1);
    expect(applied).toEqual([1]);
    const page = manualWindow();
    const boards = latestPerFrame((value: number) => applied.push(value), page.win);
    boards.push(2);
    boards.cancel();
    page.frame();
    page.runTimers();
    expect(applied).toEqual([1]);
  });
});
