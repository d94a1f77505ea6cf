import type { EntityTable } from 'dexie';
import { TEAM_JOIN_LIMITS, type JoinCall, type JoinCustomer, type JoinIdentity, type JoinNote } from '@tandem/contract';
import { linkStatus, type Customer, type Identity, type Interaction, type Note } from '../model';
import { claimEvidence } from '../teamWrites';
import { repointMerged, type MergedCustomer, type RepointDb } from './repointMerged';

/**
 * The desk's own history as the first join sends it (contract/teamJoin.ts):
 * read from Dexie in primary-key pages, cut into batches that stay under the
 * contract's counts and well under the browser host's 1 MB frame.
 */
export type LocalHistoryDb = RepointDb;

/** A local row the move leaves behind, and why (listed in the report). */
export interface LocalSkip {
  readonly table: 'customers' | 'identities' | 'notes' | 'interactions';
  readonly id: string;
  readonly reason: 'customer-not-moved' | 'too-many-identities';
}

export interface HistoryBatch {
  readonly notes: JoinNote[];
  readonly calls: JoinCall[];
}

/** JSON bytes per batch: half the browser host's 1 MB frame, so the envelope and escaping never tip it over. */
export const BATCH_BYTES = 512 * 1024;
const PAGE = 500;
const encoder = new TextEncoder();
const bytesOf = (value: unknown) => encoder.encode(JSON.stringify(value)).length;

/**
 * Groups rows into batches of at most `max` rows and `BATCH_BYTES` bytes. A
 * row is never split; one row alone is within the contract's text limits,
 * far below the byte budget.
 */
export function* sized<T>(rows: Iterable<T>, max: number, budget: number = BATCH_BYTES): Generator<T[]> {
  let batch: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = bytesOf(row);
    if (batch.length > 0 && (batch.length >= max || bytes + size > budget)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(row);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

export function joinIdentity(identity: Identity): JoinIdentity {
  const status = linkStatus(identity);
  return {
    kind: identity.kind,
    value: identity.value,
    did: identity.did,
    status,
    verifiedHow: status === 'verified' ? identity.verifiedHow : null,
    verifiedAt: status === 'verified' ? identity.verifiedAt : null,
    claim: status === 'claimed' && identity.claim !== undefined ? claimEvidence(identity.claim) : null,
  };
}

/** A customer with their identities, verified first: if a customer has more than the contract allows, the proven ones go. */
export function joinCustomer(customer: Customer, identities: readonly Identity[], skipped: LocalSkip[]): JoinCustomer {
  const ordered = [...identities].sort((a, b) => Number(b.verified) - Number(a.verified));
  const kept = ordered.slice(0, TEAM_JOIN_LIMITS.identitiesPerCustomer);
  for (const identity of ordered.slice(kept.length)) skipped.push({ table: 'identities', id: identity.id, reason: 'too-many-identities' });
  const name = customer.name.trim() === '' ? (kept[0]?.value ?? customer.id) : customer.name;
  return { id: customer.id, name, createdAt: customer.createdAt, identities: kept.map(joinIdentity) };
}

const joinNote = (note: Note, customerId: string): JoinNote => ({
  id: note.id,
  customerId,
  callId: note.callId,
  text: note.text,
  createdAt: note.updatedAt,
});

const joinCall = (call: Interaction & { direction: 'inbound' | 'outbound' }, customerId: string | null): JoinCall => ({
  id: call.id,
  customerId,
  direction: call.direction,
  at: call.at,
  // The call's note travels whole as a note (`call:<id>`); the interaction keeps its beginning.
  summary: call.summary.slice(0, TEAM_JOIN_LIMITS.summary),
  wrapUpCode: call.wrapUpCode,
  callId: call.callId,
  uri: call.uri,
  conversationId: call.conversationId,
});

const isCall = (row: Interaction): row is Interaction & { direction: 'inbound' | 'outbound' } =>
  row.channel === 'call' && (row.direction === 'inbound' || row.direction === 'outbound');

/** Every row of a table in primary-key order, a page at a time (a 100 000-customer desk never holds them all). */
async function* pages<T extends { readonly id: string }>(table: EntityTable<T, 'id'>): AsyncGenerator<T[]> {
  let after: string | null = null;
  for (;;) {
    const page: T[] = await (after === null ? table.orderBy(':id') : table.where(':id').above(after)).limit(PAGE).toArray();
    const last = page.at(-1);
    if (last === undefined) return;
    yield page;
    after = last.id;
  }
}

export interface LocalHistory {
  /** Whether this desk has anything of its own to move: a customer, a note or a call. */
  hasHistory(): Promise<boolean>;
  /** Customers with their identities, in batches. */
  customerBatches(skipped: LocalSkip[]): AsyncGenerator<JoinCustomer[]>;
  /** Notes and calls, their customer resolved to the team's; rows whose customer did not move are skipped. */
  historyBatches(teamIdOf: (localId: string) => string | undefined, skipped: LocalSkip[]): AsyncGenerator<HistoryBatch>;
  /** Points the rows of merged customers at their team customer (repointMerged.ts). */
  repoint(merged: readonly MergedCustomer[], now: number): Promise<void>;
}

export function createLocalHistory(db: LocalHistoryDb): LocalHistory {
  return {
    async hasHistory() {
      const [customer, note, call] = await Promise.all([
        db.customers.limit(1).count(),
        db.notes.limit(1).count(),
        db.interactions.filter((row) => row.channel === 'call').first(),
      ]);
      return customer > 0 || note > 0 || call !== undefined;
    },

    async *customerBatches(skipped) {
      for await (const page of pages(db.customers)) {
        const identities = await db.identities
          .where('customerId')
          .anyOf(page.map((customer) => customer.id))
          .toArray();
        const byCustomer = new Map<string, Identity[]>();
        for (const identity of identities) byCustomer.set(identity.customerId, [...(byCustomer.get(identity.customerId) ?? []), identity]);
        const customers = page.map((customer) => joinCustomer(customer, byCustomer.get(customer.id) ?? [], skipped));
        yield* sized(customers, TEAM_JOIN_LIMITS.customers);
      }
    },

    async *historyBatches(teamIdOf, skipped) {
      const resolve = (table: LocalSkip['table'], id: string, customerId: string): string | undefined => {
        const teamId = teamIdOf(customerId);
        if (teamId === undefined) skipped.push({ table, id, reason: 'customer-not-moved' });
        return teamId;
      };
      for await (const page of pages(db.notes)) {
        const notes = page.flatMap((note) => {
          const teamId = resolve('notes', note.id, note.customerId);
          return teamId === undefined ? [] : [joinNote(note, teamId)];
        });
        for (const batch of sized(notes, TEAM_JOIN_LIMITS.rows)) yield { notes: batch, calls: [] };
      }
      for await (const page of pages(db.interactions)) {
        const calls = page.filter(isCall).flatMap((call) => {
          if (call.customerId === null) return [joinCall(call, null)];
          const teamId = resolve('interactions', call.id, call.customerId);
          return teamId === undefined ? [] : [joinCall(call, teamId)];
        });
        for (const batch of sized(calls, TEAM_JOIN_LIMITS.rows)) yield { notes: [], calls: batch };
      }
    },

    repoint: (merged, now) => repointMerged(db, merged, now),
  };
}
