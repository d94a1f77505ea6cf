const TYPING_INPUTS = new Set(['', 'text', 'search', 'email', 'tel', 'url', 'password', 'number', 'date', 'datetime-local', 'month', 'time', 'week']);

/**
 * Whether the keyboard is writing somewhere: a text field, a text area, a list box or editable text.
 * Moving focus away from there mid-sentence would send the agent's next Space or Enter elsewhere.
 */
export function isTextEntry(element: Element | null): boolean {
  if (element === null) return false;
  if (element instanceof HTMLElement && element.isContentEditable) return true;
  switch (element.tagName) {
    case 'TEXTAREA':
    case 'SELECT':
      return true;
    case 'INPUT':
      return TYPING_INPUTS.has((element.getAttribute('type') ?? '').toLowerCase());
    default:
      return false;
  }
}
