import type { Transaction } from 'dexie';
import { nameWords } from './customerName';
import type { Customer } from './model';

/**
 * Schema version 10: every customer written before it gets its name's words
 * (customerName.ts), which the new multi-entry index then holds. One pass
 * over the store: Dexie's `modify` reads and rewrites in large chunks, so a
 * desk with 100 000 customers pays one read and one write per row, once, with
 * no index lookups in between. A row that already has words (none should)
 * is rewritten all the same: the words follow from the name alone.
 */
export async function fillNameWords(tx: Transaction): Promise<void> {
  await tx
    .table<Customer, string>('customers')
    .toCollection()
    .modify((customer, row) => {
      row.value = { ...customer, nameWords: nameWords(customer.name) };
    });
}
