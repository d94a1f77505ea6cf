import type Dexie from 'dexie';
import { newClientId } from '../../social/clientId';
import { customerNameKeys } from '../customerName';
import { createPopCards } from '../popCards';
import { noteInteraction, unverifiedIdentity, type Customer, type Identity, type Interaction, type Note } from '../model';
import type { CustomerTables } from '../customerTables';
import { identityKey } from './identity';
import { defaultYield, type CustomerImportSink } from './importCustomers';
import type { PortableCustomer } from './portable';

/**
 * Bulk reads and writes for import and export, on the customer tables the
 * repository defines (customers/schema.ts). The repository writes one customer
 * per transaction; an import of 10 000 rows needs one transaction per batch
 * (`bulkPut`), so these live here, with the same row shapes and ids
 * (`identityId`) the repository uses.
 * Should the repository grow batch methods of its own, this file becomes a
 * thin adapter over them.
 */

/** The customer tables only: import and export never touch the call log or the social desk. */
export type CustomerStorageDb = Dexie & CustomerTables;

export interface StorageOptions {
  readonly now?: () => number;
  readonly newId?: () => string;
  /** Told what each batch changed, once its transaction committed (team mode sends it to the team: teamImports.ts). */
  readonly onStored?: (stored: StoredImportBatch) => void;
}

/** What one import batch changed in Dexie: the rows as stored, with their ids. */
export interface StoredImportBatch {
  readonly created: readonly Customer[];
  /** Customers the file named by their Tandem id whose name it changed. */
  readonly renamed: readonly Customer[];
  /** Identities the batch added (an identity a customer already had keeps its row and is not here). */
  readonly identities: readonly Identity[];
  readonly notes: readonly Note[];
}

/** The import sink over Dexie: every identity it writes is unverified (issue 5 §4: proof comes only from the customer). */
export function createDexieImportSink(db: CustomerStorageDb, options: StorageOptions = {}): CustomerImportSink {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? newClientId;
  return {
    async ownersOf(identities) {
      if (identities.length === 0) return new Map();
      const rows = await db.identities
        .where('[kind+value]')
        .anyOf(identities.map((identity) => [identity.kind, identity.value]))
        .toArray();
      return new Map(rows.map((row) => [identityKey(row), row.customerId]));
    },

    async addCustomers(batch) {
      const stored = await db.transaction('rw', [db.customers, db.identities, db.notes, db.interactions, db.popCards], async () => {
        const at = now();
        const ids = batch.flatMap((customer) => (customer.id === null ? [] : [customer.id]));
        const known = new Map((await db.customers.bulkGet(ids)).flatMap((customer) => (customer === undefined ? [] : [[customer.id, customer] as const])));
        const customers: Customer[] = [];
        const created: Customer[] = [];
        const renamed: Customer[] = [];
        const identities: Identity[] = [];
        const notes: Note[] = [];
        const interactions: Interaction[] = [];
        for (const input of batch) {
          const previous = input.id === null ? undefined : known.get(input.id);
          // A Tandem id this database does not know is somebody else's: the customer is new here.
          const id = previous?.id ?? newId();
          const customer: Customer = { id, name: input.name, ...customerNameKeys(input.name), createdAt: previous?.createdAt ?? at, updatedAt: at };
          customers.push(customer);
          if (previous === undefined) created.push(customer);
          else if (previous.name !== input.name) renamed.push(customer);
          for (const identity of input.identities) identities.push(unverifiedIdentity(id, identity.kind, identity.value, at));
          // Notes come along only with new customers: a re-import must not add the same note twice.
          if (previous === undefined && input.note !== '') {
            const note: Note = { id: newId(), customerId: id, callId: null, text: input.note, updatedAt: at };
            notes.push(note);
            interactions.push(noteInteraction(note));
          }
        }
        // An identity the customer already has keeps its row (and its verification).
        const existing = new Set(
          (await db.identities.bulkGet(identities.map((identity) => identity.id))).flatMap((row) => (row === undefined ? [] : [row.id])),
        );
        const added = identities.filter((identity) => !existing.has(identity.id));
        await db.customers.bulkPut(customers);
        await db.identities.bulkPut(added);
        // Customers this import renamed or gave identities: their next ring reads everything afresh.
        await createPopCards(db).forget([...known.keys()]);
        if (notes.length > 0) {
          await db.notes.bulkPut(notes);
          await db.interactions.bulkPut(interactions);
        }
        return { created, renamed, identities: added, notes };
      });
      options.onStored?.(stored);
    },
  };
}

export interface ExportReadOptions {
  /** Customers per read; default 1 000. */
  readonly pageSize?: number;
  readonly onProgress?: (done: number) => void;
  readonly yieldToPage?: () => Promise<void>;
}

/**
 * Every customer with every identity, sorted by name, read a page at a time
 * (one key range of customers, one key range of their identities), yielding
 * between pages so a 100 000-customer export keeps the page responsive.
 */
export async function readCustomersForExport(db: CustomerStorageDb, options: ExportReadOptions = {}): Promise<PortableCustomer[]> {
  const pageSize = Math.max(1, options.pageSize ?? 1_000);
  const yieldToPage = options.yieldToPage ?? defaultYield;
  const out: (PortableCustomer & { readonly nameLower: string })[] = [];
  // Keyset paging on the primary key: each page is one bounded range read, however far in we are.
  let after: string | null = null;
  for (;;) {
    const page: Customer[] = await (after === null ? db.customers.orderBy(':id') : db.customers.where(':id').above(after)).limit(pageSize).toArray();
    if (page.length === 0) break;
    // The page is a contiguous range of customer ids, so its identities are one range of the customerId index.
    const identities = await db.identities
      .where('customerId')
      .between(page[0]?.id ?? '', page[page.length - 1]?.id ?? '', true, true)
      .toArray();
    const byCustomer = new Map<string, Identity[]>();
    for (const identity of identities) {
      const list = byCustomer.get(identity.customerId);
      if (list === undefined) byCustomer.set(identity.customerId, [identity]);
      else list.push(identity);
    }
    for (const customer of page) {
      const own = (byCustomer.get(customer.id) ?? []).sort((a, b) => (a.kind === b.kind ? a.value.localeCompare(b.value) : a.kind.localeCompare(b.kind)));
      out.push({ id: customer.id, name: customer.name, nameLower: customer.nameLower, identities: own.map(({ kind, value }) => ({ kind, value })), note: '' });
    }
    after = page[page.length - 1]?.id ?? null;
    options.onProgress?.(out.length);
    if (page.length < pageSize) break;
    await yieldToPage();
  }
  out.sort((a, b) => (a.nameLower < b.nameLower ? -1 : a.nameLower > b.nameLower ? 1 : 0));
  return out.map(({ nameLower: _nameLower, ...customer }) => customer);
}
