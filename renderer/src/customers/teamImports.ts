import type { TeamWrite } from '@tandem/contract';
import type { StoredImportBatch } from './io/customerStorage';
import { linkWrite } from './teamWrites';

/**
 * Team mode: customers an import stored go to the team like customers made by
 * hand (teamWrites.ts), through the same outbox in main (`team:writeMany`):
 * after each batch's Dexie transaction committed, its new customers, renames,
 * new identities (unverified: an import proves nothing) and notes, in that
 * order, with the Dexie rows' own ids, so a repeat is a no-op in the database
 * and the feed's echo rewrites the same rows.
 *
 * A batch is cut to at most `maxWrites` writes and about `maxBytes` of JSON,
 * well under the browser host's 1 MB frame (a note may be 20 000 characters).
 */
export interface TeamImportSink {
  readonly enabled: () => boolean;
  readonly sendMany: (writes: readonly TeamWrite[]) => Promise<void>;
}

export interface TeamImportLimits {
  readonly maxWrites?: number;
  readonly maxBytes?: number;
}

/** The team's writes for one stored import batch, customers first (the links and notes name them). */
export function importWrites(stored: StoredImportBatch): TeamWrite[] {
  return [
    ...stored.created.map((customer): TeamWrite => ({ kind: 'customer', id: customer.id, name: customer.name, createdAt: customer.createdAt })),
    ...stored.renamed.map((customer): TeamWrite => ({ kind: 'customerRename', id: customer.id, name: customer.name, updatedAt: customer.updatedAt })),
    ...stored.identities.map(linkWrite),
    ...stored.notes.map((note): TeamWrite => ({
      kind: 'note',
      id: note.id,
      customerId: note.customerId,
      callId: note.callId,
      text: note.text,
      createdAt: note.updatedAt,
    })),
  ];
}

/** Cuts `writes` into batches main accepts, in order. */
export function teamWriteBatches(writes: readonly TeamWrite[], limits: TeamImportLimits = {}): TeamWrite[][] {
  const maxWrites = limits.maxWrites ?? 200;
  const maxBytes = limits.maxBytes ?? 400_000;
  const batches: TeamWrite[][] = [];
  let current: TeamWrite[] = [];
  let bytes = 0;
  for (const write of writes) {
    const size = JSON.stringify(write).length;
    if (current.length > 0 && (current.length >= maxWrites || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(write);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * The import's hook: each stored batch's writes are sent after the previous
 * batch's, in order (a later batch may link a number to a customer an earlier
 * one created). A failure to reach main never fails the import (the local
 * write decided, as for every team write); the writes of that batch then reach
 * the team only when the customer is next changed, as a solo desk's history does.
 */
export function createTeamImportSender(sink: TeamImportSink, limits: TeamImportLimits = {}): (stored: StoredImportBatch) => void {
  let chain: Promise<void> = Promise.resolve();
  return (stored) => {
    if (!sink.enabled()) return;
    const batches = teamWriteBatches(importWrites(stored), limits);
    chain = chain.then(async () => {
      try {
        for (const batch of batches) await sink.sendMany(batch);
      } catch {
        // Already stored here; the agent's import stands (see above).
      }
    });
  };
}
