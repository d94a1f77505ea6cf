import { useCallback, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

/** The rows to render, `first` included, `end` excluded. */
export interface RowWindow {
  readonly first: number;
  readonly end: number;
}

export interface RowWindowOptions {
  /** Every row's height: rows sit at `index × rowHeight`, so nothing is measured. */
  readonly rowHeight: number;
  /** Rows rendered beyond each edge of the viewport, so a fast scroll never shows a gap. */
  readonly overscan: number;
  /** The viewport's height before layout (a hidden panel, a test DOM): the list still renders a first screenful. */
  readonly unlaidHeight: number;
}

/**
 * Which rows of a list of fixed-height rows to render: pure arithmetic on the scroll offset, so
 * its cost is the same for 60 rows or 100 000, and a change in `count` costs nothing.
 */
export function rowWindowOf(firstVisible: number, viewportHeight: number, count: number, options: RowWindowOptions): RowWindow {
  const shown = Math.ceil(viewportHeight / options.rowHeight) + 1;
  // A scroll offset from before the list shrank (the browser's clamp and its scroll event come next) still shows a screenful.
  const top = Math.min(firstVisible, Math.max(0, count - shown));
  const first = Math.max(0, top - options.overscan);
  return { first, end: Math.min(count, top + shown + options.overscan) };
}

/**
 * A virtual window over a list of fixed-height rows (issue 14 item 2). It replaces a general
 * virtualiser whose every change of the row count re-walked all rows (a key and a size per
 * row, and a new offsets array): with 100 000 conversations, every arriving mention cost a
 * walk of the whole inbox. Here the state is the first row in view and the viewport's height;
 * a scroll re-renders only when that first row changes, synchronously in the scroll event
 * (as the frame is being made, so the new rows are in it).
 *
 * Returns the ref for the scrolling element (and the element, once mounted), the window for `count` rows, and `scrollToIndex`
 * (the least scroll that shows the row whole, for the keyboard).
 */
export function useRowWindow(count: number, options: RowWindowOptions) {
  const { rowHeight, unlaidHeight } = options;
  const [view, setView] = useState({ firstVisible: 0, height: unlaidHeight });
  const element = useRef<HTMLElement | null>(null);
  const read = useCallback(
    (target: HTMLElement) => {
      const height = target.clientHeight === 0 ? unlaidHeight : target.clientHeight;
      const firstVisible = Math.floor(target.scrollTop / rowHeight);
      return (previous: typeof view) => (previous.firstVisible === firstVisible && previous.height === height ? previous : { firstVisible, height });
    },
    [rowHeight, unlaidHeight],
  );
  const ref = useCallback(
    (target: HTMLElement | null) => {
      element.current = target;
      if (target === null) return undefined;
      setView(read(target));
      const onScroll = () => flushSync(() => setView(read(target)));
      target.addEventListener('scroll', onScroll, { passive: true });
      const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => setView(read(target)));
      resize?.observe(target);
      return () => {
        target.removeEventListener('scroll', onScroll);
        resize?.disconnect();
        if (element.current === target) element.current = null;
      };
    },
    [read],
  );
  const scrollToIndex = useCallback(
    (index: number) => {
      const target = element.current;
      if (target === null || index < 0) return;
      const top = index * rowHeight;
      const height = target.clientHeight === 0 ? unlaidHeight : target.clientHeight;
      if (top < target.scrollTop) target.scrollTop = top;
      else if (top + rowHeight > target.scrollTop + height) target.scrollTop = top + rowHeight - height;
      // Not waiting for the scroll event: the caller focuses the row once it is rendered.
      setView(read(target));
    },
    [read, rowHeight, unlaidHeight],
  );
  return { ref, element, window: rowWindowOf(view.firstVisible, view.height, count, options), totalHeight: count * rowHeight, scrollToIndex } as const;
}
