/**
 * The inbox's triage keys, as in a mail client: j and k move through the
 * rows, Enter opens the row, x ticks it for the bulk bar. They are plain
 * letters, so they never act while the agent types in a field (the reply,
 * a filter's text): only when the focus is on the list itself, a row, or a
 * row's checkbox. A modified key (Ctrl, Alt, Meta) is the browser's.
 */
export type InboxKeyAction = 'next' | 'previous' | 'open' | 'toggle';

export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
}

/** What the focused element is, as far as typing goes. */
export interface KeyTarget {
  readonly tagName: string;
  readonly type?: string | undefined;
  readonly isContentEditable: boolean;
}

const NOT_TYPING_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

export function isTypingTarget(target: KeyTarget): boolean {
  if (target.isContentEditable) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NOT_TYPING_INPUTS.has((target.type ?? 'text').toLowerCase());
}

export function inboxKeyAction(press: KeyPress, target: KeyTarget): InboxKeyAction | null {
  if (press.ctrlKey || press.altKey || press.metaKey || isTypingTarget(target)) return null;
  switch (press.key) {
    case 'j':
    case 'J':
      return 'next';
    case 'k':
    case 'K':
      return 'previous';
    case 'x':
    case 'X':
      return 'toggle';
    case 'Enter':
      // Enter on a checkbox opens its row too; on a button the button itself answers (its own click).
      return target.tagName.toUpperCase() === 'BUTTON' ? null : 'open';
    default:
      return null;
  }
}

/** The row `step` away from `current` among `ids` (clamped at the ends); the first row when none is current. */
export function moveActive(ids: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at === -1) return ids[0] ?? null;
  return ids[Math.min(ids.length - 1, Math.max(0, at + step))] ?? null;
}
