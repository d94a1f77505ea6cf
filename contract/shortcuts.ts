import * as z from 'zod';

/**
 * The desk's keyboard shortcuts. A combination is written the way agents and
 * Electron accelerators write it ("Alt+Shift+A") and matched on the physical
 * key (`KeyboardEvent.code`), so a French or Russian layout presses the same
 * key as a US one. Main validates the profile's combinations with `parseCombo`
 * and sends the renderer the whole table, canonical and without duplicates.
 */
export const SHORTCUT_ACTIONS = ['answer', 'decline', 'hangup', 'hold', 'mute', 'transfer', 'focusDial'] as const;
export const ShortcutAction = z.enum(SHORTCUT_ACTIONS);
export type ShortcutAction = z.infer<typeof ShortcutAction>;

/**
 * Alt+Shift+letter: Chromium and Electron reserve none of them, text fields give them no meaning, and a modifier
 * is held, so they work while the agent is typing a reply.
 */
export const DEFAULT_SHORTCUTS: Readonly<Record<ShortcutAction, string>> = {
  answer: 'Alt+Shift+A',
  decline: 'Alt+Shift+D',
  hangup: 'Alt+Shift+E',
  hold: 'Alt+Shift+H',
  mute: 'Alt+Shift+M',
  transfer: 'Alt+Shift+T',
  focusDial: 'Alt+Shift+N',
};

export interface Combo {
  readonly ctrl: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
  readonly meta: boolean;
  /** `KeyboardEvent.code` of the key: `KeyA`, `Digit1`, `F5`. */
  readonly code: string;
}

const MODIFIERS = ['Ctrl', 'Alt', 'Shift', 'Meta'] as const;

/** Letters, digits and F1–F12: keys every layout has in the same place. */
function codeOf(key: string): string | undefined {
  const upper = key.toUpperCase();
  if (/^[A-Z]$/.test(upper)) return `Key${upper}`;
  if (/^[0-9]$/.test(upper)) return `Digit${upper}`;
  if (/^F([1-9]|1[0-2])$/.test(upper)) return upper;
  return undefined;
}

/** The key as written in a combination, from its code (`KeyA` → `A`). */
function keyName(code: string): string {
  return code.replace(/^(Key|Digit)/, '');
}

/**
 * Combinations that already mean something: Ctrl or Meta with one key (copy, paste, undo, new tab, close window),
 * Ctrl+Alt (AltGr on Windows, which types ą, € and @ in many layouts), and Chromium's Ctrl+Shift commands.
 */
const CHROMIUM_CTRL_SHIFT = new Set(['B', 'C', 'I', 'J', 'M', 'N', 'O', 'Q', 'T', 'W']);
function collision(combo: Combo): string | undefined {
  const others = [combo.alt, combo.shift].filter(Boolean).length;
  if ((combo.ctrl || combo.meta) && others === 0) return 'is a text-editing or browser shortcut (Ctrl or Meta alone)';
  if (combo.ctrl && combo.alt) return 'is AltGr on Windows (Ctrl+Alt types characters)';
  if (combo.ctrl && combo.shift && !combo.alt && !combo.meta && CHROMIUM_CTRL_SHIFT.has(keyName(combo.code))) return 'is reserved by Chromium';
  return undefined;
}

export type ParsedCombo = { readonly ok: true; readonly combo: Combo } | { readonly ok: false; readonly reason: string };

/** Reads "Alt+Shift+A" (modifiers in any order and case); the reason says what is wrong otherwise. */
export function parseCombo(text: string): ParsedCombo {
  const parts = text.split('+').map((part) => part.trim());
  const key = parts.pop() ?? '';
  const code = codeOf(key);
  if (code === undefined) return { ok: false, reason: 'must end with a letter, a digit or F1–F12' };
  const held = new Set<string>();
  for (const part of parts) {
    const modifier = MODIFIERS.find((name) => name.toLowerCase() === part.toLowerCase());
    if (modifier === undefined) return { ok: false, reason: `has an unknown modifier (use ${MODIFIERS.join(', ')})` };
    if (held.has(modifier)) return { ok: false, reason: 'names a modifier twice' };
    held.add(modifier);
  }
  const combo: Combo = { ctrl: held.has('Ctrl'), alt: held.has('Alt'), shift: held.has('Shift'), meta: held.has('Meta'), code };
  if (!combo.ctrl && !combo.alt && !combo.meta) return { ok: false, reason: 'needs Ctrl, Alt or Meta, so typing never triggers it' };
  const clash = collision(combo);
  return clash === undefined ? { ok: true, combo } : { ok: false, reason: clash };
}

/** One spelling per combination ("shift+alt+a" → "Alt+Shift+A"), so duplicates are found and the help reads alike. */
export function formatCombo(combo: Combo): string {
  const held = MODIFIERS.filter((name) => combo[name.toLowerCase() as 'ctrl' | 'alt' | 'shift' | 'meta']);
  return [...held, keyName(combo.code)].join('+');
}

/** A combination as written in a profile: parseable and free, stored in its canonical spelling. */
export const ShortcutCombo = z
  .string()
  .max(40)
  .transform((text, context) => {
    const parsed = parseCombo(text);
    if (parsed.ok) return formatCombo(parsed.combo);
    context.addIssue({ code: 'custom', message: `${parsed.reason}; Alt+Shift+letter is always free` });
    return z.NEVER;
  });

/** The actions whose combination another action already uses (the first to claim it keeps it). */
export function duplicateShortcuts(bindings: Readonly<Record<ShortcutAction, string>>): ShortcutAction[] {
  const seen = new Set<string>();
  return SHORTCUT_ACTIONS.filter((action) => {
    const combo = bindings[action];
    if (seen.has(combo)) return true;
    seen.add(combo);
    return false;
  });
}

/** The whole table as the renderer gets it (public settings). */
export const ShortcutBindings = z.object({
  answer: z.string(),
  decline: z.string(),
  hangup: z.string(),
  hold: z.string(),
  mute: z.string(),
  transfer: z.string(),
  focusDial: z.string(),
});
export type ShortcutBindings = z.infer<typeof ShortcutBindings>;
