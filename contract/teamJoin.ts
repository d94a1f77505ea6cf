import * as z from 'zod';
import { TeamLinkClaim } from './teamHistory';

/**
 * First join (issue 11): a desk that worked alone and now joins a team moves
 * its own history (customers, identities, notes, calls kept in its Dexie) into
 * the team database, once, deduplicated by identity.
 *
 * The renderer sends the history in batches, customers first: a customer
 * whose identity (kind + value, or a Bluesky DID) already belongs to a team
 * customer is merged into that customer, the others are created under their
 * local id. The answer maps each local customer to its team customer, so the
 * notes and calls that follow (second phase) already carry the team id.
 * Every row keeps its client-made id, so sending a batch twice (a crash, a
 * retry) writes nothing twice: a resumed move simply starts over.
 *
 * Batches are bounded here (count and text length) and by the renderer
 * (total size, under the browser host's 1 MB frame).
 */
const Id = z.string().min(1).max(200);
const Millis = z.number().int().nonnegative();

export const TEAM_JOIN_LIMITS = { customers: 200, identitiesPerCustomer: 50, rows: 500, noteText: 20_000, summary: 2_000 } as const;

export const JoinIdentity = z
  .object({
    kind: z.enum(['phone', 'sip', 'bluesky', 'email']),
    value: z.string().min(1).max(500),
    did: z.string().max(200).nullable(),
    status: z.enum(['verified', 'unverified', 'claimed']),
    verifiedHow: z.string().max(80).nullable(),
    verifiedAt: Millis.nullable(),
    /** A claimed link's evidence, moved with it (null otherwise). */
    claim: TeamLinkClaim.nullable().default(null),
  })
  .strict();
export type JoinIdentity = z.output<typeof JoinIdentity>;

export const JoinCustomer = z
  .object({
    id: Id,
    name: z.string().min(1).max(500),
    createdAt: Millis,
    identities: z.array(JoinIdentity).max(TEAM_JOIN_LIMITS.identitiesPerCustomer),
  })
  .strict();
export type JoinCustomer = z.infer<typeof JoinCustomer>;

/** A note, its customer already resolved to the team customer (the customers phase's answer). */
export const JoinNote = z
  .object({ id: Id, customerId: Id, callId: Id.nullable(), text: z.string().max(TEAM_JOIN_LIMITS.noteText), createdAt: Millis })
  .strict();
export type JoinNote = z.infer<typeof JoinNote>;

/** A call from the local history; `customerId` null for a call nobody linked. */
export const JoinCall = z
  .object({
    id: Id,
    customerId: Id.nullable(),
    direction: z.enum(['inbound', 'outbound']),
    at: Millis,
    summary: z.string().max(TEAM_JOIN_LIMITS.summary),
    wrapUpCode: z.string().max(80).nullable(),
    callId: Id.nullable(),
    uri: z.string().max(1000).nullable(),
    /** The conversation the call was placed from ("Call now", issue 15), so the moved call stays in its case. */
    conversationId: z.string().min(1).max(512).nullable().default(null),
  })
  .strict();
export type JoinCall = z.output<typeof JoinCall>;

export const JoinBatch = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('customers'), customers: z.array(JoinCustomer).max(TEAM_JOIN_LIMITS.customers) }).strict(),
  z
    .object({
      phase: z.literal('history'),
      notes: z.array(JoinNote).max(TEAM_JOIN_LIMITS.rows),
      calls: z.array(JoinCall).max(TEAM_JOIN_LIMITS.rows),
    })
    .strict(),
]);
export type JoinBatch = z.infer<typeof JoinBatch>;

/**
 * What became of one local customer: `created` under its own id, `merged`
 * into the team customer that already had one of its identities, or
 * `present` (a team customer with its id was already there: an earlier,
 * interrupted move, or the desk's own outbox).
 */
export const JoinCustomerOutcome = z
  .object({
    localId: Id,
    outcome: z.enum(['created', 'merged', 'present']),
    teamId: Id,
    teamName: z.string(),
    /** The identity (kind:value) that matched, for a merge. */
    matchedBy: z.string().nullable(),
    identitiesLinked: z.number().int().nonnegative(),
  })
  .strict();
export type JoinCustomerOutcome = z.infer<typeof JoinCustomerOutcome>;

/** A row the database refused (its SQLSTATE: row-level security, a constraint), kept out of the team and listed in the report. */
export const JoinRefusal = z.object({ table: z.enum(['customers', 'identities', 'notes', 'interactions']), id: z.string(), reason: z.string() }).strict();
export type JoinRefusal = z.infer<typeof JoinRefusal>;

export const JoinBatchOutcome = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('customers'), customers: z.array(JoinCustomerOutcome), refused: z.array(JoinRefusal) }).strict(),
  z
    .object({
      phase: z.literal('history'),
      /** Written now, or already there under the same id (a repeat). */
      notes: z.number().int().nonnegative(),
      calls: z.number().int().nonnegative(),
      refused: z.array(JoinRefusal),
    })
    .strict(),
]);
export type JoinBatchOutcome = z.infer<typeof JoinBatchOutcome>;

/**
 * Where this desk stands with the team it is in: `solo` (no team), `unasked`
 * (never offered, or offered and put off with "Not now"), `moving` (accepted,
 * not finished: resumed at start), `done`, `declined` (never offer again).
 */
export const TEAM_JOIN_STATES = ['solo', 'unasked', 'moving', 'done', 'declined'] as const;
export const TeamJoinState = z.enum(TEAM_JOIN_STATES);
export type TeamJoinState = z.infer<typeof TeamJoinState>;

export const SetTeamJoinState = z.object({ state: z.enum(['moving', 'done', 'declined']) }).strict();
export type SetTeamJoinState = z.infer<typeof SetTeamJoinState>;

/** Why a batch could not even be asked (a solo desk; the database unreachable). */
export const TEAM_JOIN_ERRORS = { solo: 'teamJoin.errors.solo', offline: 'teamJoin.errors.offline' } as const;
