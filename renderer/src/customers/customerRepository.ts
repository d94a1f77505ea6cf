import { createCallerContextReads, type CallerContextDb, type CallerContextReads } from './callerContextReads';
import { createCallRecords, type CallRecordDb, type CallRecords } from './callRecords';
import { createCustomerMerges, type CustomerMergeDb, type CustomerMerges } from './customerMerge';
import { createCustomerRecords, type CustomerRecordDb, type CustomerRecords } from './customerRecords';
import { createIdentityLinks, type IdentityLinkDb, type IdentityLinks } from './identityLinks';
import type { RepositoryOptions } from './repositoryOptions';

export type { RepositoryOptions } from './repositoryOptions';

/**
 * The customer history's data access: every read and write of customers,
 * identities, interactions, notes and call drafts goes through here, each
 * write in one Dexie transaction. The context panel, the timeline and
 * import/export build on this interface; keep it stable.
 *
 * It is five parts, each with one job, its own tables and its own tests:
 * - the caller-context read model (callerContextReads.ts): lookup, the screen pop, the timeline;
 * - identity links and consent proofs (identityLinks.ts);
 * - call records and drafts (callRecords.ts);
 * - the customers themselves (customerRecords.ts);
 * - merging two customers into one (customerMerge.ts, planned by mergePlan.ts).
 *
 * Text is stored exactly as given (trimmed, length-capped): names, notes and
 * posts are data, never markup, and are only ever rendered as text.
 */
export type CustomerRepository = CallerContextReads & IdentityLinks & CallRecords & CustomerRecords & CustomerMerges;

/** The tables the five parts need together (the renderer's `TandemDb` has them all). */
export type CustomerRepositoryDb = CallerContextDb & IdentityLinkDb & CallRecordDb & CustomerRecordDb & CustomerMergeDb;

export function createCustomerRepository(db: CustomerRepositoryDb, options: RepositoryOptions = {}): CustomerRepository {
  return {
    ...createCallerContextReads(db, options),
    ...createIdentityLinks(db, options),
    ...createCallRecords(db, options),
    ...createCustomerRecords(db, options),
    ...createCustomerMerges(db, options),
  };
}
