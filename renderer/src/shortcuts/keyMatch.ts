import { parseCombo, SHORTCUT_ACTIONS, type Combo, type ShortcutAction, type ShortcutBindings } from '@tandem/contract';

/** What a key press has to look like for `matchShortcut`: a KeyboardEvent, or a test's stand-in. */
export type KeyPress = Pick<KeyboardEvent, 'code' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>;

export interface Shortcut {
  readonly action: ShortcutAction;
  readonly combo: Combo;
}

/** The table main sent, read once; a combination main would never send (it validates them) is left out. */
export function shortcutTable(bindings: ShortcutBindings): readonly Shortcut[] {
  return SHORTCUT_ACTIONS.flatMap((action) => {
    const parsed = parseCombo(bindings[action]);
    return parsed.ok ? [{ action, combo: parsed.combo }] : [];
  });
}

/**
 * The action a key press asks for. On the physical key (`code`), so layouts do not matter, and with exactly the
 * combination's modifiers held: Alt+Shift+A is not Ctrl+Alt+Shift+A.
 */
export function matchShortcut(table: readonly Shortcut[], press: KeyPress): ShortcutAction | null {
  const found = table.find(
    ({ combo }) =>
      combo.code === press.code && combo.ctrl === press.ctrlKey && combo.alt === press.altKey && combo.shift === press.shiftKey && combo.meta === press.metaKey,
  );
  return found?.action ?? null;
}
