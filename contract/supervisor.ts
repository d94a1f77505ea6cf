import * as z from 'zod';

/**
 * The supervisor view (issue 16): the agent's own availability, chosen in the
 * desk header, and the team board a supervisor watches.
 */

/** What an agent may choose in the header's "Availability" control; wrap-up also starts by itself at hang-up. */
export const AVAILABILITIES = ['available', 'break', 'wrap-up', 'away'] as const;
export const Availability = z.enum(AVAILABILITIES);
export type Availability = z.infer<typeof Availability>;

/** The desk's own availability as the header shows it; `since` is the database's time of the change (ms). */
export const OwnAvailability = z
  .object({
    state: Availability,
    since: z.number().int().nonnegative(),
    /** Wrap-up that ends by itself: when (ms, this desk's clock). */
    wrapUpEndsAt: z.number().int().nonnegative().optional(),
  })
  .strict();
export type OwnAvailability = z.infer<typeof OwnAvailability>;

/** What the board says of an agent, most pressing first: a call beats a ringing phone beats social work beats the chosen availability. */
export const AGENT_BOARD_STATES = ['on-call', 'ringing', 'on-social', 'available', 'wrap-up', 'break', 'away', 'offline'] as const;
export const AgentBoardState = z.enum(AGENT_BOARD_STATES);
export type AgentBoardState = z.infer<typeof AgentBoardState>;

export const BoardCall = z
  .object({
    /** The other party's SIP URI or number, as the SIP server reported it. */
    party: z.string().max(512),
    partyName: z.string().max(256).optional(),
    direction: z.enum(['inbound', 'outbound']).optional(),
    /** When the call entered its current state (ms, the supervisor's clock). */
    since: z.number().int().nonnegative(),
  })
  .strict();
export type BoardCall = z.infer<typeof BoardCall>;

export const BoardAgent = z
  .object({
    id: z.string().max(63),
    name: z.string().max(256),
    sipUri: z.string().max(512).optional(),
    state: AgentBoardState,
    /** When the agent entered `state` (ms, the supervisor's clock, corrected for the database's). */
    since: z.number().int().nonnegative(),
    call: BoardCall.optional(),
    /** The SIP server is not telling us this agent's calls right now (subscription retrying or link down). */
    callsUnknown: z.boolean(),
  })
  .strict();
export type BoardAgent = z.infer<typeof BoardAgent>;

/** `unavailable`: this desk has no SIP account, so no call states are shown at all. */
export const SUPERVISOR_LINKS = ['connecting', 'connected', 'reconnecting', 'unavailable'] as const;

export const SupervisorBoard = z
  .object({
    agents: z.array(BoardAgent).max(5000),
    /** The link to the SIP server's presence service. */
    sip: z.enum(SUPERVISOR_LINKS),
  })
  .strict();
export type SupervisorBoard = z.infer<typeof SupervisorBoard>;

/** Whether this desk may open the supervisor view: only a supervisor's login on a team database. */
export const SupervisorAccess = z.object({ allowed: z.boolean() }).strict();
export type SupervisorAccess = z.infer<typeof SupervisorAccess>;
