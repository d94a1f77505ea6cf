import type Dexie from 'dexie';
import { planMerge, type MergePlan } from './mergePlan';
import { createPopCards } from './popCards';
import type { RepositoryOptions } from './repositoryOptions';
import type { CustomerTables } from './customerTables';

/**
 * Two customers become one (the Customers area's "Merge"): the plan is
 * mergePlan.ts; here it is applied in one Dexie transaction, reading only the
 * merged customer's own rows through their indexes (identities `customerId`,
 * interactions `[customerId+at]`, notes `[customerId+updatedAt]`), so the cost
 * is that customer's history, not the desk's 100 000 customers. Both
 * customers' pop cards are forgotten in the same transaction.
 */
export interface CustomerMerges {
  /** Null when either customer is gone (another window, the team, merged them first). */
  mergeCustomers(keptId: string, mergedId: string): Promise<MergePlan | null>;
}

export type CustomerMergeDb = Dexie & Pick<CustomerTables, 'customers' | 'identities' | 'interactions' | 'notes' | 'callDrafts' | 'popCards'>;

export function createCustomerMerges(db: CustomerMergeDb, options: RepositoryOptions = {}): CustomerMerges {
  const now = options.now ?? Date.now;
  const cards = createPopCards(db, now);
  return {
    mergeCustomers(keptId, mergedId) {
      return db.transaction('rw', [db.customers, db.identities, db.interactions, db.notes, db.callDrafts, db.popCards], async () => {
        const [kept, merged] = await db.customers.bulkGet([keptId, mergedId]);
        if (kept === undefined || merged === undefined) return null;
        const [keptIdentities, mergedIdentities, mergedInteractions, mergedNotes, mergedDrafts] = await Promise.all([
          db.identities.where('customerId').equals(keptId).toArray(),
          db.identities.where('customerId').equals(mergedId).toArray(),
          db.interactions.where('[customerId+at]').between([mergedId, -Infinity], [mergedId, Infinity]).toArray(),
          db.notes.where('[customerId+updatedAt]').between([mergedId, -Infinity], [mergedId, Infinity]).toArray(),
          // Drafts are the calls of the last days, a small table without a customer index.
          db.callDrafts.filter((draft) => draft.customerId === mergedId).toArray(),
        ]);
        const plan = planMerge({ kept, merged, keptIdentities, mergedIdentities, mergedInteractions, mergedNotes, mergedDrafts, at: now() });
        await db.identities.bulkDelete([...plan.deletedIdentityIds]);
        await db.identities.bulkPut([...plan.identities]);
        await db.interactions.bulkPut([...plan.interactions]);
        await db.notes.bulkPut([...plan.notes]);
        await db.callDrafts.bulkPut([...plan.drafts]);
        await db.customers.put(plan.kept);
        await db.customers.delete(mergedId);
        await cards.forget([keptId, mergedId]);
        return plan;
      });
    },
  };
}
