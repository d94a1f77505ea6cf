import type { CallInfo } from '@tandem/contract';
import type { EventBus } from '../events/eventBus';

/**
 * The window asking for the agent's eye from the taskbar or dock while calls ring in: the desktop's own signal,
 * seen when the window is behind another app or minimised. `main/core` never imports electron, so each shell
 * brings its own: Electron flashes the window's taskbar button and puts the count on the app's badge
 * (main/electron/windowAttention.ts); the browser host has no window of its own (`noWindowAttention`), and the
 * page's title ("Incoming call — NAME · Tandem", renderer/src/ringing/bindRingingTitle.ts) is what the tab shows.
 */
export interface WindowAttention {
  /** `ringing` calls ring in now; 0 takes the signal away. Called only when the count changes. */
  show(ringing: number): void;
}

/** The browser host's: nothing to flash from a process that may run far from the agent's screen. */
export const noWindowAttention: WindowAttention = { show: () => undefined };

const isRinging = (call: CallInfo): boolean => call.direction === 'inbound' && call.state === 'ringing';

/**
 * Drives a shell's {@link WindowAttention} from the softphone's own `softphone:call` events, so the signal is
 * there even while no page is open (a reloading window) and goes as soon as the last call stops ringing
 * (answered, declined, cancelled by the caller). Returns what stops it, which also takes the signal away.
 */
export function bindWindowAttention(events: EventBus, attention: WindowAttention): () => void {
  const ringing = new Set<string>();
  const unsubscribe = events.on('softphone:call', (call) => {
    const before = ringing.size;
    if (isRinging(call)) ringing.add(call.id);
    else ringing.delete(call.id);
    if (ringing.size !== before) attention.show(ringing.size);
  });
  return () => {
    unsubscribe();
    if (ringing.size > 0) attention.show(0);
    ringing.clear();
  };
}
