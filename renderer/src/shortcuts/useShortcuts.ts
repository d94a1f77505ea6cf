import { useEffect, useEffectEvent, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DEFAULT_SHORTCUTS } from '@tandem/contract';
import { isTextEntry } from '../dom/textEntry';
import { useTandemStore } from '../store/useTandemStore';
import { matchShortcut, shortcutTable } from './keyMatch';
import { runShortcut } from './runShortcut';

/** Whether a press is the `?` that opens the help: a plain character, so never while the agent is writing. */
function asksForHelp(event: KeyboardEvent): boolean {
  if (event.key !== '?' || event.ctrlKey || event.altKey || event.metaKey) return false;
  return !(event.target instanceof Element && isTextEntry(event.target));
}

/**
 * The desk's keyboard shortcuts, installed once for the whole page. Each combination holds a modifier, so it
 * works from anywhere, a reply box included; it is taken before anything on the page sees it (capture phase)
 * and never types.
 */
export function useShortcuts(onHelp: () => void): void {
  const bindings = useTandemStore((state) => state.settings?.shortcuts ?? DEFAULT_SHORTCUTS);
  const table = useMemo(() => shortcutTable(bindings), [bindings]);
  const state = useTandemStore(
    useShallow((s) => ({
      calls: s.calls,
      answer: s.answer,
      decline: s.decline,
      hangup: s.hangup,
      hold: s.hold,
      resume: s.resume,
      setMuted: s.setMuted,
      askFocus: s.askFocus,
    })),
  );

  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.isComposing || event.defaultPrevented) return;
    if (asksForHelp(event)) {
      event.preventDefault();
      onHelp();
      return;
    }
    const action = matchShortcut(table, event);
    if (action === null) return;
    event.preventDefault();
    // Holding the keys down must not toggle hold or mute on and off.
    if (!event.repeat) runShortcut(action, state);
  });

  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener, { capture: true });
    return () => window.removeEventListener('keydown', listener, { capture: true });
  }, []);
}
