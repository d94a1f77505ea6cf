import { describe, expect, it } from 'vitest';
import { createPopQuiet } from '../../../renderer/src/customers/popQuiet';
import { afterPopPaint } from '../../../renderer/src/dom/afterPopPaint';
import { step } from '../../integration/support/step';

// Issue 14 item 3: the ringing event's own task ends sooner when what nobody reads in the pop's first frame
// (the window's title, the desktop notification) waits for the pop to paint.

describe("a ring's title and desktop alert wait for the screen pop's paint", () => {
  it('no pop on screen: the work runs at once', () => {
    const runs: string[] = [];
    afterPopPaint(createPopQuiet(), () => runs.push('title'))();
    expect(runs).toEqual(['title']);
  });

  it('while a pop reads and paints, asked three times, it runs once, after the paint', async () => {
    const quiet = createPopQuiet();
    let title = 'Tandem';
    const runs: string[] = [];
    const update = afterPopPaint(quiet, () => runs.push(title));

    const painted = await step('a call rings: the pop holds the page until its panel has painted', () => quiet.hold());

    await step('the call row, then the caller matched, then the panel: each asks for the title, none gets it yet', async () => {
      update();
      title = 'Incoming call · Tandem';
      update();
      title = 'Incoming call — Carla Gómez · Tandem';
      update();
      await Promise.resolve();
      expect(runs).toEqual([]);
    });

    await step('the panel painted: the title is set once, with the name', async () => {
      painted();
      await expect.poll(() => runs).toEqual(['Incoming call — Carla Gómez · Tandem']);
    });

    await step('the next change, with no pop holding, applies at once', () => {
      title = 'Tandem';
      update();
      expect(runs.at(-1)).toBe('Tandem');
    });
  });

  it('a pop that never paints delays the alert by its hold limit, never forever', async () => {
    let lapse: (() => void) | undefined;
    const quiet = createPopQuiet({ setTimer: (run) => ((lapse = run), () => undefined) });
    const runs: string[] = [];
    quiet.hold();
    afterPopPaint(quiet, () => runs.push('alert'))();
    await Promise.resolve();
    expect(runs).toEqual([]);
    lapse?.();
    await expect.poll(() => runs).toEqual(['alert']);
  });
});
