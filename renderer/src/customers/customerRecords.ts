import type Dexie from 'dexie';
import { newClientId } from '../social/clientId';
import { customerNameKeys, indexWord, nameWords, wordsMatch } from './customerName';
import { identityPrefixes, normaliseIdentity } from './identityValue';
import { MAX_NAME, MAX_NOTE, noteInteraction, unverifiedIdentity, type Customer, type Identity, type IdentityKind, type Note } from './model';
import { createPopCards } from './popCards';
import type { RepositoryOptions } from './repositoryOptions';
import type { CustomerTables } from './customerTables';

/**
 * The customers themselves, for the unknown caller and the agent's own
 * notes: find one by name or identity prefix, create one (with unverified
 * identities), rename one, read one, write a note that belongs to no call.
 */
export interface CustomerRecords {
  /**
   * Customers whose name has a word starting with each word typed (`nameWords`, accents and case
   * folded: customerName.ts), or whose number or handle starts with the text (`[kind+value]`);
   * each hit once, at most `limit`, name matches first in name order.
   */
  search(query: string, defaultRegion: string, limit?: number): Promise<CustomerSearchHit[]>;
  /**
   * A new customer with optional identities (normalised; unverified — proof
   * comes only from `recordProof`). Identities that don't normalise are
   * returned in `rejected` rather than stored. Throws `RangeError` for an empty name.
   */
  createCustomer(input: NewCustomer, defaultRegion: string): Promise<CreatedCustomer>;
  renameCustomer(customerId: string, name: string): Promise<Customer | null>;
  /** The phone and SIP identities of these customers (the dial box's completions), one indexed read by `customerId`. */
  dialIdentities(customerIds: readonly string[]): Promise<Identity[]>;
  getCustomer(customerId: string): Promise<Customer | undefined>;
  /** A note not tied to a call; also an interaction of channel 'note'. */
  addNote(customerId: string, text: string, important?: boolean): Promise<Note>;
}

export interface CustomerSearchHit {
  readonly customer: Customer;
  /** The identity whose value matched; null when only the name did. */
  readonly identity: Identity | null;
}

export interface NewCustomer {
  readonly name: string;
  readonly identities?: readonly { readonly kind: IdentityKind; readonly value: string }[];
}

export interface CreatedCustomer {
  readonly customer: Customer;
  readonly identities: readonly Identity[];
  readonly rejected: readonly { readonly kind: IdentityKind; readonly value: string }[];
}

/** Customers with their identities (search, create), their pop cards (a rename changes the card) and their notes. */
export type CustomerRecordDb = Dexie & Pick<CustomerTables, 'customers' | 'identities' | 'popCards' | 'notes' | 'interactions'>;

const cleanName = (name: string) => name.trim().slice(0, MAX_NAME);
const byName = (a: Customer, b: Customer) => (a.nameLower < b.nameLower ? -1 : a.nameLower > b.nameLower ? 1 : 0);

/**
 * Customers whose name has every typed word as the start of one of its words: one range of the
 * multi-entry index, read by the longest typed word, the other words checked on the rows the range
 * yields. `distinct` because a name with two words starting alike ("Ana Anaya") is in the range twice.
 */
function byNameWords(db: CustomerRecordDb, text: string, limit: number): Promise<Customer[]> {
  const wanted = nameWords(text);
  const key = indexWord(wanted);
  if (key === undefined) return Promise.resolve([]);
  return db.customers
    .where('nameWords')
    .startsWith(key)
    .filter((customer) => wordsMatch(customer.nameWords, wanted))
    .distinct()
    .limit(limit)
    .toArray();
}

export function createCustomerRecords(db: CustomerRecordDb, options: RepositoryOptions = {}): CustomerRecords {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? newClientId;
  const cards = createPopCards(db, now);

  return {
    async search(query, defaultRegion, limit = 20) {
      const text = query.trim();
      if (text === '') return [];
      const prefixes = identityPrefixes(text, defaultRegion);
      const [named, byIdentity] = await Promise.all([
        byNameWords(db, text, limit),
        Promise.all(
          prefixes.map((key) =>
            db.identities
              .where('[kind+value]')
              .between([key.kind, key.value], [key.kind, `${key.value}\uffff`])
              .limit(limit)
              .toArray(),
          ),
        ).then((lists) => lists.flat()),
      ]);
      // A customer found both ways shows the number or handle that matched ("@carla" → Bluesky carla.test):
      // with any word of the name matching, a handle's text now also finds its owner by name.
      const matchedIdentity = new Map<string, Identity>();
      for (const identity of byIdentity) if (!matchedIdentity.has(identity.customerId)) matchedIdentity.set(identity.customerId, identity);
      const hits = new Map<string, CustomerSearchHit>();
      for (const customer of named.sort(byName)) hits.set(customer.id, { customer, identity: matchedIdentity.get(customer.id) ?? null });
      const missing = [...new Set(byIdentity.map((identity) => identity.customerId).filter((id) => !hits.has(id)))];
      const customers = new Map(
        (await db.customers.bulkGet(missing)).flatMap((customer) => (customer === undefined ? [] : [[customer.id, customer] as const])),
      );
      for (const identity of byIdentity) {
        const customer = customers.get(identity.customerId);
        if (customer !== undefined && !hits.has(customer.id)) hits.set(customer.id, { customer, identity });
      }
      return [...hits.values()].slice(0, limit);
    },

    createCustomer(input, defaultRegion) {
      const name = cleanName(input.name);
      if (name === '') return Promise.reject(new RangeError('A customer needs a name'));
      return db.transaction('rw', db.customers, db.identities, async () => {
        const at = now();
        const customer: Customer = { id: newId(), name, ...customerNameKeys(name), createdAt: at, updatedAt: at };
        const identities: Identity[] = [];
        const rejected: { kind: IdentityKind; value: string }[] = [];
        for (const wanted of input.identities ?? []) {
          const value = normaliseIdentity(wanted.kind, wanted.value, defaultRegion);
          if (value === null) rejected.push({ kind: wanted.kind, value: wanted.value });
          else if (!identities.some((known) => known.kind === wanted.kind && known.value === value))
            identities.push(unverifiedIdentity(customer.id, wanted.kind, value, at));
        }
        await db.customers.add(customer);
        await db.identities.bulkPut(identities);
        return { customer, identities, rejected };
      });
    },

    renameCustomer(customerId, rawName) {
      const name = cleanName(rawName);
      if (name === '') return Promise.reject(new RangeError('A customer needs a name'));
      return db.transaction('rw', db.customers, db.popCards, async () => {
        const customer = await db.customers.get(customerId);
        if (customer === undefined) return null;
        const next: Customer = { ...customer, name, ...customerNameKeys(name), updatedAt: now() };
        await db.customers.put(next);
        await cards.forget([customerId]);
        return next;
      });
    },

    getCustomer(customerId) {
      return db.customers.get(customerId);
    },

    async dialIdentities(customerIds) {
      if (customerIds.length === 0) return [];
      const identities = await db.identities
        .where('customerId')
        .anyOf([...customerIds])
        .toArray();
      return identities.filter((identity) => identity.kind === 'phone' || identity.kind === 'sip');
    },

    addNote(customerId, rawText, important = false) {
      const text = rawText.slice(0, MAX_NOTE);
      return db.transaction('rw', db.notes, db.interactions, async () => {
        const at = now();
        const note: Note = { id: newId(), customerId, callId: null, text, important, updatedAt: at };
        await db.notes.add(note);
        await db.interactions.put(noteInteraction(note));
        return note;
      });
    },
  };
}
