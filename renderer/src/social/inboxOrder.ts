import type { InboxEntry } from './inboxEntry';
import { PATCHABLE_CHANGE, type ConversationChange } from './conversationChanges';
import type { InboxFilter } from './inboxSlice';

const shown = (entry: InboxEntry, filter: InboxFilter) =>
  (filter.visibility === 'all' || entry.visibility === filter.visibility) &&
  (filter.status === 'active' ? entry.status !== 'closed' : filter.status === 'all' || entry.status === filter.status);

/**
 * Customers waiting for us first, most urgent first (see `InboxEntry`: a row is a conversation's entry, its place, never its content), newest first on ties,
 * then those waiting on the customer, closed ones last, then by id: a total order, so a
 * patched list and a fresh sort agree.
 */
export function compareRows(a: InboxEntry, b: InboxEntry): number {
  return a.group - b.group || b.rank - a.rank || b.lastItemAt - a.lastItemAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The inbox's rows from scratch: a linear filter and one sort (tens of ms for 100 000 conversations). */
export function inboxRows(entries: ReadonlyMap<string, InboxEntry>, filter: InboxFilter): InboxEntry[] {
  const rows: InboxEntry[] = [];
  for (const entry of entries.values()) {
    if (shown(entry, filter)) rows.push(entry);
  }
  return rows.sort(compareRows);
}

/** Where `row` is, or would go, in `rows` (sorted by `compareRows`): a binary search. */
function positionOf(rows: readonly InboxEntry[], row: InboxEntry): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareRows(rows[middle]!, row) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Moves the conversations in `changed` to where they now belong in `rows`, IN PLACE, re-read from
 * `entries`. `changed` gives each one as it was when `rows` was made (undefined: it was not in
 * the map): its old row is found by binary search on that old sort key, and the new one inserted the
 * same way, so a change costs two searches and two shifts of the array's tail. Scanning 100 000 rows
 * with a Set cost 5–20 ms, a copy of the whole array per update about 4 ms a mention, and an index
 * of every row by id (the way before this one) 10–32 ms to build at the first mention after each
 * fresh sort (80 000 rows, in Node) and 3.5 MB to keep. Returns `rows`, or null if an old row is
 * not where its key says (the caller then sorts afresh).
 */
export function patchInboxRows(
  rows: InboxEntry[],
  changed: ReadonlyMap<string, InboxEntry | undefined>,
  entries: ReadonlyMap<string, InboxEntry>,
  filter: InboxFilter,
): InboxEntry[] | null {
  for (const [id, before] of changed) {
    // Unchanged (conversationsUpdate keeps an equal entry as it was): its row stays where it is.
    if (before !== undefined && entries.get(id) === before) continue;
    if (before !== undefined && shown(before, filter)) {
      const at = positionOf(rows, before);
      if (rows[at]?.id !== id) return null;
      rows.splice(at, 1);
    }
    const entry = entries.get(id);
    if (entry === undefined || !shown(entry, filter)) continue;
    rows.splice(positionOf(rows, entry), 0, entry);
  }
  return rows;
}

export interface InboxOrderInput {
  /** Every conversation the page holds, by id (`SocialSlice.inboxEntries`). */
  readonly entries: ReadonlyMap<string, InboxEntry>;
  readonly version: number;
  /** The latest changes, oldest first (see `SocialSlice.conversationChanges`). */
  readonly changes: readonly ConversationChange[];
  readonly filter: InboxFilter;
}

/**
 * The inbox's rows, kept in order across updates: when only some conversations changed since
 * the rows it last gave (same filter, and the change log reaches back that far; the clock plays no part),
 * it patches them; otherwise it sorts afresh. The same input always gives the same rows.
 *
 * A patch updates the array it gave last time in place (no copy of 100 000 rows per mention), so
 * the array's identity says nothing: a reader keys what it derives on the input's `version`, as
 * the inbox does (it renders on every version).
 */
export function createInboxOrder() {
  let last: { readonly input: InboxOrderInput; readonly rows: InboxEntry[] } | null = null;
  return {
    rows(input: InboxOrderInput): InboxEntry[] {
      const previous = last;
      if (previous !== null && previous.input.version === input.version && previous.input.filter === input.filter) {
        return previous.rows;
      }
      let rows: InboxEntry[] | null = null;
      if (previous !== null && previous.input.filter === input.filter && previous.input.version < input.version) {
        const since = input.changes.filter((change) => change.version > previous.input.version);
        // Every version in between must be in the log, or something changed that it cannot name.
        const reachesBack = since.length === input.version - previous.input.version;
        // Each conversation as it was when the last rows were made: its first change since then says.
        // A change that kept no "before" (more than PATCHABLE_CHANGE conversations: a catch-up page) sorts afresh.
        const changed = new Map<string, InboxEntry | undefined>();
        let patchable = reachesBack;
        for (const { ids, before } of since) {
          if (before === null) {
            patchable = false;
            break;
          }
          ids.forEach((id, i) => {
            if (!changed.has(id)) changed.set(id, before[i]);
          });
        }
        if (patchable && changed.size <= PATCHABLE_CHANGE) rows = patchInboxRows(previous.rows, changed, input.entries, input.filter);
      }
      rows ??= inboxRows(input.entries, input.filter);
      last = { input, rows };
      return rows;
    },
  };
}

export type InboxOrder = ReturnType<typeof createInboxOrder>;
