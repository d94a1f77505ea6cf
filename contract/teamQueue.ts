import * as z from 'zod';
import { AgentRole } from './schemas';
import { ClaimHolder } from './teamClaims';

/**
 * The team's social queue as every desk sees it: who handles each
 * conversation, its status, and who is looking at it right now. Main reads
 * the rows from the team database when the change feed says they changed
 * (main/core/team/teamQueue.ts) and tells every window; a window that was
 * away reads the whole picture again with `team:getQueue`.
 */

export const TEAM_CONVERSATION_STATUSES = ['new', 'open', 'waiting', 'closed'] as const;
export const TeamConversationStatus = z.enum(TEAM_CONVERSATION_STATUSES);
export type TeamConversationStatus = z.infer<typeof TeamConversationStatus>;

export const TeamConversation = z
  .object({
    conversationId: z.string(),
    status: TeamConversationStatus,
    /** Who holds the claim, or null when nobody does. A claim whose lease ran out counts as nobody's. */
    handler: ClaimHolder.nullable(),
    /** Epoch ms when the handler's lease runs out (no change is announced then: each desk lets it lapse itself). */
    leaseUntil: z.number().int().nullable(),
  })
  .strict();
export type TeamConversation = z.infer<typeof TeamConversation>;

/** Another agent has a conversation open ("NAME is viewing"), until `until` unless their desk renews it. */
export const TeamViewing = z
  .object({
    viewer: ClaimHolder,
    /** Null: they closed it (or their row expired). */
    conversationId: z.string().nullable(),
    until: z.number().int().nullable(),
  })
  .strict();
export type TeamViewing = z.infer<typeof TeamViewing>;

/** This desk's agent as the team database knows them: the role decides who may take a conversation over. */
export const TeamSelf = z.object({ id: z.string(), name: z.string(), role: AgentRole }).strict();
export type TeamSelf = z.infer<typeof TeamSelf>;

export const TeamQueueSnapshot = z
  .object({
    /** Null until the desk has read its own row (never connected yet, or no row for its login). */
    self: TeamSelf.nullable(),
    /** Conversations with a live claim or a status other than `new`, newest change first (at most QUEUE_SNAPSHOT_LIMIT). */
    conversations: z.array(TeamConversation),
    /** Other agents' live viewing rows. */
    viewing: z.array(TeamViewing),
  })
  .strict();
export type TeamQueueSnapshot = z.infer<typeof TeamQueueSnapshot>;

export const QUEUE_SNAPSHOT_LIMIT = 5_000;

export const ViewingRequest = z.object({ conversationId: z.string().min(1).max(1000).nullable() }).strict();
export type ViewingRequest = z.infer<typeof ViewingRequest>;

export const StatusRequest = z.object({ conversationId: z.string().min(1).max(1000), status: TeamConversationStatus }).strict();
export type StatusRequest = z.infer<typeof StatusRequest>;

/**
 * A status change, decided by the database with the claim rule: an agent
 * may set the status of a conversation nobody holds, or that they hold; a
 * supervisor of any. `heldBy` names who refused it; `heldBy: null` means the
 * team database has no such conversation (yet), and the desk keeps the
 * status to itself.
 */
export const StatusOutcome = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), conversation: TeamConversation }).strict(),
  z.object({ ok: z.literal(false), heldBy: ClaimHolder.nullable() }).strict(),
]);
export type StatusOutcome = z.infer<typeof StatusOutcome>;

/** How often an open conversation's viewing row is renewed, and how long it lasts unless renewed. */
export const VIEWING_RENEW_MS = 30_000;
export const VIEWING_TTL_MS = 90_000;
