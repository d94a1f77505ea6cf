import Dexie from 'dexie';
import { customerNameKeys } from '../customerName';
import { identityId, type Customer } from '../model';
import type { CustomerTables } from '../customerTables';
import { createPopCards } from '../popCards';

/** A local customer the move merged into a team customer. */
export interface MergedCustomer {
  readonly localId: string;
  readonly teamId: string;
  readonly teamName: string;
}

const CHUNK = 100;

export type RepointDb = Dexie & Pick<CustomerTables, 'customers' | 'identities' | 'interactions' | 'notes' | 'popCards'>;

/**
 * After a move, the local rows of a merged customer point at the team
 * customer they were merged into: their notes, calls and identities move
 * over, the local customer row is replaced by the team's (name as the team
 * has it), and the pop cards of both are forgotten. So the cache already
 * looks the way the team does, and rows the team feed brings later for the
 * same ids overwrite these instead of sitting beside them.
 *
 * Run once the whole move is done (a repeat of the move after this would see
 * these rows as the team's own). Each chunk is one transaction.
 */
export async function repointMerged(db: RepointDb, merged: readonly MergedCustomer[], now: number): Promise<void> {
  const moves = merged.filter((entry) => entry.localId !== entry.teamId);
  const cards = createPopCards(db);
  for (let start = 0; start < moves.length; start += CHUNK) {
    const chunk = moves.slice(start, start + CHUNK);
    await db.transaction('rw', [db.customers, db.identities, db.interactions, db.notes, db.popCards], async () => {
      for (const { localId, teamId, teamName } of chunk) {
        await db.notes.where('[customerId+updatedAt]').between([localId, Dexie.minKey], [localId, Dexie.maxKey]).modify({ customerId: teamId });
        await db.interactions.where('[customerId+at]').between([localId, Dexie.minKey], [localId, Dexie.maxKey]).modify({ customerId: teamId });
        const identities = await db.identities.where('customerId').equals(localId).toArray();
        await db.identities.bulkDelete(identities.map((identity) => identity.id));
        const moved = identities.map((identity) => ({ ...identity, id: identityId(teamId, identity.kind, identity.value), customerId: teamId }));
        // An identity the team customer already has locally keeps that row (it may carry a fresher profile).
        const existing = await db.identities.bulkGet(moved.map((identity) => identity.id));
        await db.identities.bulkPut(moved.filter((_, index) => existing[index] === undefined));
        const local = await db.customers.get(localId);
        await db.customers.delete(localId);
        if ((await db.customers.get(teamId)) === undefined) {
          const customer: Customer = {
            id: teamId,
            name: teamName,
            ...customerNameKeys(teamName),
            createdAt: local?.createdAt ?? now,
            updatedAt: now,
          };
          await db.customers.put(customer);
        }
        await cards.forget([localId, teamId]);
      }
    });
  }
}
