// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useNow, type ClockResolution } from '../../../renderer/src/ui/useNow';

function Clock({ resolution, active = true }: { readonly resolution: ClockResolution; readonly active?: boolean }) {
  const now = useNow(resolution, active);
  return <output aria-label={resolution}>{now}</output>;
}

const shown = (resolution: ClockResolution) => Number(screen.getByRole('status', { name: resolution }).textContent);

describe('one clock for every timer on screen', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-03T10:00:00.400Z'));
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('a call timer moves every second, an inbox waiting time only every minute', () => {
    render(
      <>
        <Clock resolution="second" />
        <Clock resolution="minute" />
      </>,
    );
    const start = Date.parse('2026-12-03T10:00:00Z');
    expect(shown('second')).toBe(start);
    expect(shown('minute')).toBe(start);

    act(() => {
      vi.advanceTimersByTime(1_000);
    });
    expect(shown('second')).toBe(start + 1_000);
    expect(shown('minute')).toBe(start);

    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(shown('minute')).toBe(start + 60_000);
  });

  it('runs no timer while nothing shows time, and one per resolution while something does', () => {
    const idle = render(<Clock resolution="second" active={false} />);
    expect(vi.getTimerCount()).toBe(0);
    idle.unmount();

    const live = render(
      <>
        <Clock resolution="second" />
        <Clock resolution="second" />
        <Clock resolution="minute" />
      </>,
    );
    expect(vi.getTimerCount()).toBe(2);
    live.unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
