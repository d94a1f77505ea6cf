import { useEffect, useEffectEvent, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DEFAULT_SHORTCUTS } from '@tandem/contract';
import { isTextEntry } from '../dom/textEntry';
import { useTandemStore } from '../store/useTandemStore';
import { matchShortcut, shortcutTable } from './keyMatch';
import { shortcutStep } from './shortcutTargets';

/** Whether a press is the `?` that opens the help: a plain character, so never while the agent is writing. */
function asksForHelp(event: KeyboardEvent): boolean {
  if (event.key !== '?' || event.ctrlKey || event.altKey || event.metaKey) return false;
  return !(event.target instanceof Element && isTextEntry(event.target));
}

/**
 * The desk's keyboard shortcuts, installed once for the whole page. Each combination holds a modifier, so it
 * works from anywhere, a reply box included; it is taken before anything on the page sees it (capture phase)
 * and never types. A shortcut that cannot apply (Answer with nothing ringing) does nothing: the agent's call
 * list already shows why, and an announcement for every stray press would be noise.
 */
export function useShortcuts(onHelp: () => void): void {
  const bindings = useTandemStore((state) => state.settings?.shortcuts ?? DEFAULT_SHORTCUTS);
  const table = useMemo(() => shortcutTable(bindings), [bindings]);
  const { calls, answer, decline, hangup, hold, resume, setMuted, askFocus } = useTandemStore(
    useShallow((state) => ({
      calls: state.calls,
      answer: state.answer,
      decline: state.decline,
      hangup: state.hangup,
      hold: state.hold,
      resume: state.resume,
      setMuted: state.setMuted,
      askFocus: state.askFocus,
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
    if (event.repeat) return;
    const step = shortcutStep(action, calls);
    if (step === null) return;
    switch (step.kind) {
      case 'answer':
        return void answer(step.callId);
      case 'decline':
        return void decline(step.callId);
      case 'hangup':
        return void hangup(step.callId);
      case 'hold':
        return void hold(step.callId);
      case 'resume':
        return void resume(step.callId);
      case 'mute':
        return void setMuted(step.callId, step.muted);
      case 'transfer':
        return askFocus({ kind: 'transfer', callId: step.callId });
      case 'focusDial':
        return askFocus({ kind: 'dial' });
    }
  });

  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener, { capture: true });
    return () => window.removeEventListener('keydown', listener, { capture: true });
  }, []);
}
