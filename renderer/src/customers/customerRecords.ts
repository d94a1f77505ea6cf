import type Dexie from 'dexie';
import { newClientId } from '../social/clientId';
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
  /** Prefix search on name (`nameLower`) and identity values (`[kind+value]`); each hit once, at most `limit`. */
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
  /** The identity whose value matched; null for a name match. */
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
const lowerName = (name: string) => name.toLowerCase();

export function createCustomerRecords(db: CustomerRecordDb, options: RepositoryOptions = {}): CustomerRecords {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? newClientId;
  const cards = createPopCards(db, now);

  return {
    async search(query, defaultRegion, limit = 20) {
      const text = query.trim();
      if (text === '') return [];
      const lower = lowerName(text);
      const prefixes = identityPrefixes(text, defaultRegion);
      const [byName, byIdentity] = await Promise.all([
        db.customers.where('nameLower').startsWith(lower).limit(limit).toArray(),
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
      const hits = new Map<string, CustomerSearchHit>();
      for (const customer of byName) hits.set(customer.id, { customer, identity: null });
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
        const customer: Customer = { id: newId(), name, nameLower: lowerName(name), createdAt: at, updatedAt: at };
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
        const next: Customer = { ...customer, name, nameLower: lowerName(name), updatedAt: now() };
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
