import * as z from 'zod';

/**
 * Who handles a social conversation, decided by the team database (one
 * conditional UPDATE with a lease: main/core/team/claims.ts). The desk asks;
 * the database answers. A refusal names the holder so the agent reads who
 * is handling it; `heldBy: null` means the database has no such conversation.
 */
export const ClaimRequest = z.object({ conversationId: z.string().min(1).max(1000) }).strict();
export type ClaimRequest = z.infer<typeof ClaimRequest>;

export const ClaimHolder = z.object({ id: z.string(), name: z.string() }).strict();
export type ClaimHolder = z.infer<typeof ClaimHolder>;

export const ClaimOutcome = z.discriminatedUnion('ok', [
  /** `leaseUntil`: epoch ms; the claim lapses then unless renewed. */
  z.object({ ok: z.literal(true), leaseUntil: z.number().int() }).strict(),
  z.object({ ok: z.literal(false), heldBy: ClaimHolder.nullable() }).strict(),
]);
export type ClaimOutcome = z.infer<typeof ClaimOutcome>;

/**
 * A supervisor hands the ticked conversations to a teammate (the inbox's
 * "Assign selected to…"). The database decides each one: only
 * `tandem_supervisor` may set another agent as handler, so an agent's login
 * gets every id back under `refused`.
 */
export const AssignRequest = z.object({ conversationIds: z.array(z.string().min(1).max(1000)).min(1).max(200), agentId: z.string().min(1).max(63) }).strict();
export type AssignRequest = z.infer<typeof AssignRequest>;
export const AssignOutcome = z.object({ assigned: z.array(z.string()), refused: z.array(z.string()) }).strict();
export type AssignOutcome = z.infer<typeof AssignOutcome>;

/** The team's agents a conversation can be assigned to (the `agents` table every login reads), sorted by name. */
export const TeamAgents = z.object({ agents: z.array(z.object({ id: z.string(), name: z.string() }).strict()).max(5000) }).strict();
export type TeamAgents = z.infer<typeof TeamAgents>;

/** Why a claim could not even be asked, as i18n keys (a solo desk; a team desk without its database). */
/** A send refused because another agent handles (or handled) the conversation: said by main's outbox and by a composer that lost its claim. */
export const HANDLED_ELSEWHERE = 'social.errors.handledElsewhere';

export const TEAM_CLAIM_ERRORS = { solo: 'team.errors.solo', offline: 'team.errors.offline', refused: 'team.errors.takeOverRefused' } as const;
