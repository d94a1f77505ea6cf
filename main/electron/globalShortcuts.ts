import type { GlobalShortcut } from 'electron';
import { SHORTCUT_ACTIONS, type ShortcutAction, type ShortcutBindings } from '@tandem/contract';
import type { Logger } from '../core/log/logger';

/** Electron's `globalShortcut`, reduced to what we use (main.ts passes the real one; tests a fake). */
export type ShortcutRegistry = Pick<GlobalShortcut, 'register' | 'unregister'>;

/**
 * The desk's shortcuts, system-wide: the agent answers from another app. Our combinations ("Alt+Shift+A") are
 * already Electron accelerators. The OS refuses one that another app holds (register answers false): that one is
 * logged and keeps working inside the desk only. Returns what gives them back, on quit or when turned off.
 */
export function registerGlobalShortcuts(
  registry: ShortcutRegistry,
  bindings: ShortcutBindings,
  onPress: (action: ShortcutAction) => void,
  log: Logger,
): () => void {
  const held: string[] = [];
  for (const action of SHORTCUT_ACTIONS) {
    const accelerator = bindings[action];
    let registered: boolean;
    try {
      registered = registry.register(accelerator, () => onPress(action));
    } catch (error) {
      // Electron throws on an accelerator it cannot read; the profile's are validated, so this is a platform gap.
      log.warn('global shortcut not readable', { action, accelerator, error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (registered) held.push(accelerator);
    else log.warn('global shortcut taken by another app; it works inside the desk only', { action, accelerator });
  }
  return () => {
    for (const accelerator of held.splice(0)) registry.unregister(accelerator);
  };
}
