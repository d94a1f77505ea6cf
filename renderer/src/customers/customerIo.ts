import { createContext, useContext } from 'react';
import type { CustomerRepository } from './customerRepository';
import { createDexieImportSink, readCustomersForExport, type StoredImportBatch } from './io/customerStorage';
import type { CustomerImportSink } from './io/importCustomers';
import type { PortableCustomer } from './io/portable';
import type { CustomerStorageDb } from './io/customerStorage';

/**
 * What the timeline and import/export need from storage, handed down like the
 * store (never imported), so every test gets its own database. The
 * composition root provides it next to the customer repository:
 *
 * ```tsx
 * <CustomerIoContext value={createCustomerIo(db, repository)}>…</CustomerIoContext>
 * ```
 */
export interface CustomerIo {
  /** A customer's history, newest first, filtered by channel and paged (the repository's `timeline`). */
  readonly timeline: CustomerRepository['timeline'];
  readonly importSink: CustomerImportSink;
  readonly readCustomers: (onProgress?: (done: number) => void) => Promise<PortableCustomer[]>;
}

export const CustomerIoContext = createContext<CustomerIo | null>(null);

/** Null when the page has no customer storage: the tools then show only what the panel already loaded. */
export function useCustomerIo(): CustomerIo | null {
  return useContext(CustomerIoContext);
}

/** `onImported`: told what each import batch stored, once committed (team mode sends it to the team: teamImports.ts). */
export function createCustomerIo(
  db: CustomerStorageDb,
  repository: Pick<CustomerRepository, 'timeline'>,
  onImported?: (stored: StoredImportBatch) => void,
): CustomerIo {
  return {
    timeline: (customerId, options) => repository.timeline(customerId, options),
    importSink: createDexieImportSink(db, onImported === undefined ? {} : { onStored: onImported }),
    readCustomers: (onProgress) => readCustomersForExport(db, onProgress === undefined ? {} : { onProgress }),
  };
}
