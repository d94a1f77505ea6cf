/**
 * A ringing call's own work (its ringtone, the preparation of its media) waits for what the agent
 * sees of the ring: the ringing row's frame, then the screen pop's panel. Not for a fixed time: an
 * agent who answers as soon as the panel shows should find the answer made.
 */
import { describe, expect, it, vi } from 'vitest';
import { createPopQuiet } from '../../../renderer/src/customers/popQuiet';
import { untilPopPainted } from '../../../renderer/src/dom/afterPopPaint';

/** A paint the story lets happen when it says so. */
function controlledPaint() {
  let paint = () => undefined as void;
  const painted = () => new Promise<void>((resolve) => (paint = resolve));
  return { painted, paint: () => paint() };
}

/** Lets every settled promise run its reactions. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('a ringing call starts its own work once the agent sees the ring', () => {
  it('starts right after the ringing frame when no screen pop holds the page', async () => {
    const frame = controlledPaint();
    const started = vi.fn();
    void untilPopPainted(frame.painted, createPopQuiet())().then(started);

    await settle();
    expect(started, 'nothing starts before the ringing row has painted').not.toHaveBeenCalled();
    frame.paint();
    await settle();
    expect(started).toHaveBeenCalledOnce();
  });

  it('waits for the screen pop to paint its panel, and starts as soon as it has', async () => {
    const frame = controlledPaint();
    const pop = createPopQuiet();
    const release = pop.hold();
    const started = vi.fn();
    void untilPopPainted(frame.painted, pop)().then(started);

    frame.paint();
    await settle();
    expect(started, 'the ringing row has painted, the caller’s panel not yet').not.toHaveBeenCalled();
    release();
    await settle();
    expect(started).toHaveBeenCalledOnce();
  });

  it('starts when a pop that never paints lets go of the page (its hold lapses)', async () => {
    vi.useFakeTimers();
    try {
      const frame = controlledPaint();
      const pop = createPopQuiet({ maxHoldMs: 2_000 });
      pop.hold();
      const started = vi.fn();
      void untilPopPainted(frame.painted, pop)().then(started);
      frame.paint();
      await vi.advanceTimersByTimeAsync(1_999);
      expect(started).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(started).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts after the ringing frame in a page without a screen pop', async () => {
    const frame = controlledPaint();
    const started = vi.fn();
    void untilPopPainted(frame.painted, undefined)().then(started);
    await settle();
    expect(started).not.toHaveBeenCalled();
    frame.paint();
    await settle();
    expect(started).toHaveBeenCalledOnce();
  });
});
