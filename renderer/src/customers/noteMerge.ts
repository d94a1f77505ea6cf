/**
 * The text a call's draft keeps when a window writes its note (issue 14's
 * reconnect work found two windows on one call: both pop it, one agent types,
 * and the other window's untouched note must not replace what was typed).
 * `basis` is the stored text the writing window last read or wrote; when
 * storage still holds it, the window's text is simply newer. When another
 * window wrote meanwhile, neither is lost: a text that already contains the
 * other wins, and otherwise both are kept, the stored one first.
 */
export function mergeNoteText(stored: string, basis: string, mine: string): string {
  if (stored === basis || stored === '' || mine.includes(stored)) return mine;
  if (mine === '' || mine === basis || stored.includes(mine)) return stored;
  return `${stored}\n\n${mine}`;
}
