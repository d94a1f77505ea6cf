import { describe, expect, it } from 'vitest';
import { DEFAULT_SHORTCUTS, type ShortcutAction } from '@tandem/contract';
import type { Logger } from '../../../main/core/log/logger';
import { registerGlobalShortcuts, type ShortcutRegistry } from '../../../main/electron/globalShortcuts';

/** Electron's globalShortcut as the OS sees it: some accelerators another app already holds. */
function fakeRegistry(takenElsewhere: readonly string[] = []) {
  const held = new Map<string, () => void>();
  const registry: ShortcutRegistry = {
    register: (accelerator, callback) => {
      if (takenElsewhere.includes(accelerator) || held.has(accelerator)) return false;
      held.set(accelerator, callback);
      return true;
    },
    unregister: (accelerator) => void held.delete(accelerator),
  };
  return { registry, held, press: (accelerator: string) => held.get(accelerator)?.() };
}

function recordingLog() {
  const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
  const log: Logger = {
    info: () => undefined,
    error: () => undefined,
    warn: (message, fields) => void warnings.push({ message, ...(fields ? { fields } : {}) }),
  };
  return { log, warnings };
}

describe('global shortcuts in the desktop app', () => {
  it('each desk shortcut is registered system-wide and pressing it names its action', () => {
    const os = fakeRegistry();
    const pressed: ShortcutAction[] = [];
    registerGlobalShortcuts(os.registry, DEFAULT_SHORTCUTS, (action) => pressed.push(action), recordingLog().log);

    expect([...os.held.keys()].sort()).toEqual(Object.values(DEFAULT_SHORTCUTS).sort());
    os.press('Alt+Shift+A');
    os.press('Alt+Shift+H');
    expect(pressed).toEqual(['answer', 'hold']);
  });

  it('one another app holds is logged and skipped; the others still work', () => {
    const os = fakeRegistry(['Alt+Shift+M']);
    const { log, warnings } = recordingLog();
    const pressed: ShortcutAction[] = [];
    registerGlobalShortcuts(os.registry, DEFAULT_SHORTCUTS, (action) => pressed.push(action), log);

    expect(os.held.has('Alt+Shift+M')).toBe(false);
    expect(warnings).toEqual([expect.objectContaining({ fields: { action: 'mute', accelerator: 'Alt+Shift+M' } })]);
    os.press('Alt+Shift+E');
    expect(pressed).toEqual(['hangup']);
  });

  it('an accelerator Electron cannot read is logged, not thrown', () => {
    const { log, warnings } = recordingLog();
    const registry: ShortcutRegistry = {
      register: () => {
        throw new Error('conversion failed');
      },
      unregister: () => undefined,
    };
    expect(() => registerGlobalShortcuts(registry, DEFAULT_SHORTCUTS, () => undefined, log)).not.toThrow();
    expect(warnings).toHaveLength(Object.keys(DEFAULT_SHORTCUTS).length);
  });

  it('on quit it gives back exactly what it took', () => {
    const os = fakeRegistry(['Alt+Shift+M']);
    os.held.set('Ctrl+Shift+X', () => undefined); // someone else's, in our process
    const release = registerGlobalShortcuts(os.registry, DEFAULT_SHORTCUTS, () => undefined, recordingLog().log);
    release();
    expect([...os.held.keys()]).toEqual(['Ctrl+Shift+X']);
  });
});
