import Dexie from 'dexie';
import { POP_CARD_STORES } from '../../../renderer/src/customers/popCardTables';
import { CUSTOMER_NAME_STORES, CUSTOMER_STORES } from '../../../renderer/src/customers/customerTables';
import { freshDbName } from '../context/contextFakes';

const STORES = { ...CUSTOMER_STORES, ...CUSTOMER_NAME_STORES, ...POP_CARD_STORES };

/**
 * A database holding only `tables`, for one part of the customer repository:
 * a part that reached for any other table would fail its transaction, so a
 * test on it proves the part needs no more than its factory's type says.
 */
export function openPartDb<Db extends Dexie>(tables: readonly (keyof typeof STORES)[]): Db {
  const db = new Dexie(freshDbName());
  db.version(1).stores(Object.fromEntries(tables.map((table) => [table, STORES[table]])));
  return db as Db;
}
