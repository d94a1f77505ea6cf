import * as z from 'zod';

/**
 * The shared customer history between a desk's renderer and the team
 * database (issue 11, "Shared history"; docs/ARCHITECTURE.md "The team
 * database").
 *
 * Renderer → main: a {@link TeamWrite} after each local Dexie write (a note,
 * a call's wrap-up, an identity link, a customer); main queues it in its
 * outbox and writes it once the database is there. Ids are the Dexie rows'
 * own, so the change that comes back from the feed rewrites the same row.
 *
 * Main → renderer: {@link TeamRowChange}s, each a row read by id under the
 * agent's own login (never the NOTIFY payload's content), or `row: null`
 * when it is gone. `seq` is the row's place in the team sequence: a cache
 * keeps the highest it applied, so an older copy never overwrites a newer.
 * Times are epoch milliseconds, as the renderer's cache keeps them.
 */
const Id = z.string().min(1).max(200);
const Millis = z.number().int().nonnegative();
const Seq = z.number().int().nonnegative();

export const TEAM_IDENTITY_KINDS = ['phone', 'sip', 'bluesky', 'email'] as const;
export const TEAM_LINK_STATUSES = ['verified', 'unverified', 'claimed'] as const;

/**
 * The evidence of a claimed link: the account that privately sent the
 * customer's number (handle and DID when it sent it), the number
 * (null for a link downgraded from an older release's "verified", which did
 * not keep it), the message that carried it (how) and when. Kept by the team
 * with the link, so every desk says "claimed by @handle in a private
 * message, not verified"; never part of a verified link.
 */
export const TeamLinkClaim = z
  .object({
    handle: z.string().min(1).max(500),
    did: z.string().max(200),
    phone: z.string().max(40).nullable(),
    evidenceUri: z.string().max(2_000),
    at: Millis,
  })
  .strict();
export type TeamLinkClaim = z.output<typeof TeamLinkClaim>;

/**
 * The writes a desk may make while the team database is away. `author`,
 * `created_by` and `verified_by` are never sent: the database sets them to
 * the login (`current_user`), and row-level security checks them.
 */
export const TeamWrite = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customer'), id: Id, name: z.string().min(1).max(500), createdAt: Millis }).strict(),
  /** A new name; the newer `updatedAt` wins, so a late rename from an offline desk does not undo a later one. */
  z.object({ kind: z.literal('customerRename'), id: Id, name: z.string().min(1).max(500), updatedAt: Millis }).strict(),
  z
    .object({
      kind: z.literal('note'),
      id: Id,
      customerId: Id,
      callId: Id.nullable(),
      text: z.string().max(20_000),
      createdAt: Millis,
      /** Marked "Important": the ringing banner shows it before the agent answers (issue 12). Absent from older desks: not important. */
      important: z.boolean().optional(),
    })
    .strict(),
  /** A call with its note and wrap-up code, written at hang-up and again when the agent changes them afterwards. */
  z
    .object({
      kind: z.literal('call'),
      id: Id,
      customerId: Id.nullable(),
      direction: z.enum(['inbound', 'outbound']),
      at: Millis,
      summary: z.string().max(20_000),
      wrapUpCode: z.string().max(80).nullable(),
      callId: Id.nullable(),
      /** The social conversation the call was placed from (issue 15). */
      conversationId: z.string().min(1).max(512).nullable().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('identityLink'),
      id: Id,
      customerId: Id,
      identityKind: z.enum(TEAM_IDENTITY_KINDS),
      value: z.string().min(1).max(500),
      did: z.string().max(200).nullable(),
      status: z.enum(TEAM_LINK_STATUSES),
      verifiedHow: z.string().max(80).nullable(),
      verifiedAt: Millis.nullable(),
      /** A claimed link's evidence (null otherwise); absent from writes an older build queued. */
      claim: TeamLinkClaim.nullable().default(null),
    })
    .strict(),
  /** The agent unlinked an identity: the row is deleted for the whole team. */
  z.object({ kind: z.literal('identityUnlink'), id: Id }).strict(),
  /**
   * Two customers are one person: the database's `merge_customers(kept,
   * merged)` moves the merged one's history for the whole team. `id` is
   * client-made (the refused list names a write by it); a repeat is harmless,
   * since customers already one are left as they are.
   */
  z.object({ kind: z.literal('customerMerge'), id: Id, keptId: Id, mergedId: Id }).strict(),
]);
export type TeamWrite = z.output<typeof TeamWrite>;

/**
 * Several writes at once, queued in order with one save of main's outbox: what
 * an import of customers stored in one Dexie transaction. The renderer keeps a
 * batch well under the browser host's 1 MB frame.
 */
export const TeamWriteBatch = z.object({ writes: z.array(TeamWrite).min(1).max(500) }).strict();
export type TeamWriteBatch = z.output<typeof TeamWriteBatch>;

/** Who wrote a row: the agent's login and the name the team knows them by. */
export const TeamAuthor = z.object({ id: z.string(), name: z.string() }).strict();
export type TeamAuthor = z.infer<typeof TeamAuthor>;

export const TeamCustomerRow = z
  .object({
    name: z.string(),
    createdBy: z.string(),
    createdAt: Millis,
    updatedAt: Millis,
    /** Set once the customer was merged into another (schema 9): a cache folds this one into that one. Absent or null: not merged. */
    mergedInto: z.string().nullable().optional(),
  })
  .strict();
export const TeamIdentityRow = z
  .object({
    customerId: z.string(),
    kind: z.enum(TEAM_IDENTITY_KINDS),
    value: z.string(),
    did: z.string().nullable(),
    status: z.enum(TEAM_LINK_STATUSES),
    /** Who verified it and how: kept with the link, whichever desk shows it. */
    verifiedBy: TeamAuthor.nullable(),
    verifiedHow: z.string().nullable(),
    verifiedAt: Millis.nullable(),
    /** Who claimed it, how and when: a claimed link's evidence, whichever desk shows it (null otherwise). */
    claim: TeamLinkClaim.nullable(),
  })
  .strict();
export const TeamInteractionRow = z
  .object({
    customerId: z.string().nullable(),
    channel: z.string(),
    direction: z.string(),
    at: Millis,
    summary: z.string(),
    wrapUpCode: z.string().nullable(),
    callId: z.string().nullable(),
    conversationId: z.string().nullable(),
    uri: z.string().nullable(),
    author: TeamAuthor,
  })
  .strict();
export const TeamNoteRow = z
  .object({
    customerId: z.string(),
    callId: z.string().nullable(),
    text: z.string(),
    important: z.boolean(),
    author: TeamAuthor,
    createdAt: Millis,
    updatedAt: Millis,
  })
  .strict();

const change = <T extends string, R extends z.ZodType>(table: T, row: R) =>
  z.object({ table: z.literal(table), id: z.string(), seq: Seq, row: row.nullable() }).strict();

/** One history row as the team database has it now; `row: null`: deleted (at `seq`). */
export const TeamRowChange = z.discriminatedUnion('table', [
  change('customers', TeamCustomerRow),
  change('identities', TeamIdentityRow),
  change('interactions', TeamInteractionRow),
  change('notes', TeamNoteRow),
]);
export type TeamRowChange = z.output<typeof TeamRowChange>;
export type TeamHistoryTable = TeamRowChange['table'];
export const TEAM_HISTORY_TABLES = ['customers', 'identities', 'interactions', 'notes'] as const satisfies readonly TeamHistoryTable[];

/** Catch-up: the history rows changed after `after` (a team seq), at most `limit` changes. */
export const TeamRowsSince = z.object({ after: Seq, limit: z.number().int().min(1).max(1_000).default(500) }).strict();
export const TeamRowsPage = z
  .object({
    rows: z.array(TeamRowChange),
    /** The last change read (ask again after it), or `after` when there was none. */
    through: Seq,
    /** Every seq up to this one has reached the desk or will never come: a cursor never goes past it. */
    settled: z.number().int(),
    /** Fewer than `limit` changes were left: the cache is caught up. */
    done: z.boolean(),
  })
  .strict();
export type TeamRowsPage = z.output<typeof TeamRowsPage>;
