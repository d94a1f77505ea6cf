import type { TeamRowChange } from '@tandem/contract';

/**
 * Whether team rows just written to the cache change what the context panel
 * shows for `customerId`: her own row, a customer merged into her, or a note,
 * call or identity of hers. A deleted row no longer says whose it was, so it
 * counts (a reload is one indexed read). The pop paints from the cache first;
 * a colleague's note that lands a moment later (held back while the pop
 * painted) must still reach the open panel without the agent reopening it.
 */
export function rowsTouchCustomer(rows: readonly TeamRowChange[], customerId: string): boolean {
  return rows.some((change) => {
    if (change.row === null) return change.table !== 'customers' || change.id === customerId;
    if (change.table === 'customers') return change.id === customerId || change.row.mergedInto === customerId;
    return change.row.customerId === customerId;
  });
}

/**
 * The customer `customerId` was merged into, when these rows say a desk of the
 * team merged her away; else null. A screen still showing her shows that one
 * instead: her history is there now, and she is gone from this cache.
 */
export function mergedInto(rows: readonly TeamRowChange[], customerId: string): string | null {
  for (const change of rows) {
    if (change.table === 'customers' && change.id === customerId && typeof change.row?.mergedInto === 'string') return change.row.mergedInto;
  }
  return null;
}
