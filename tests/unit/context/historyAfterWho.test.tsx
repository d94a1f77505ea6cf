// @vitest-environment happy-dom
/**
 * The screen pop's first frame carries who is calling; their history (posts,
 * timeline, notes: most of the panel's layout) follows one painted frame
 * later, so the agent sees the name as early as the machine allows.
 */
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { usePaintedFor } from '../../../renderer/src/dom/usePaintedFor';

function Panel({ customerId }: { readonly customerId: string | null }) {
  const historyShown = usePaintedFor(customerId);
  return (
    <div>
      <h3>{customerId ?? 'nobody'}</h3>
      {historyShown && <p>history of {customerId}</p>}
    </div>
  );
}

let frames: FrameRequestCallback[] = [];

/** The browser produces one frame: its animation callbacks, then (after the paint) a task. */
async function paintAFrame(): Promise<void> {
  const callbacks = frames;
  frames = [];
  await act(async () => {
    for (const callback of callbacks) callback(performance.now());
    await vi.advanceTimersByTimeAsync(0);
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => {
    frames.push(callback);
    return frames.length;
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
  frames = [];
});

describe('the caller first, their history one frame later', () => {
  it('a new caller: the first commit has the name only; the history comes after a painted frame', async () => {
    const { rerender } = render(<Panel customerId="carla" />);

    // The first frame shows who is calling, without their history.
    expect(screen.getByRole('heading', { name: 'carla' })).toBeInTheDocument();
    expect(screen.queryByText('history of carla')).not.toBeInTheDocument();

    await paintAFrame();
    expect(screen.getByText('history of carla')).toBeInTheDocument();

    // An update for the same caller is not held back.
    rerender(<Panel customerId="carla" />);
    expect(screen.getByText('history of carla')).toBeInTheDocument();

    // The next caller is: their name first again.
    rerender(<Panel customerId="ben" />);
    expect(screen.getByRole('heading', { name: 'ben' })).toBeInTheDocument();
    expect(screen.queryByText(/history of/)).not.toBeInTheDocument();
    await paintAFrame();
    expect(screen.getByText('history of ben')).toBeInTheDocument();
  });

  it('a caller who left before the frame painted never gets a late history', async () => {
    const { rerender } = render(<Panel customerId="carla" />);
    rerender(<Panel customerId={null} />);
    await paintAFrame();
    expect(screen.queryByText(/history of/)).not.toBeInTheDocument();
  });
});
