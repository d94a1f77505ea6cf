import * as z from 'zod';

/**
 * The desk's link to the team database, as the header shows it ("Team").
 * `solo`: the profile names no team database, and the desk works alone (the
 * header shows nothing). `offline` covers both "never reached" and "lost,
 * reconnecting": either way the desk works from its cache and `pending`
 * writes wait in its outbox.
 */
export const TEAM_STATES = ['solo', 'connecting', 'connected', 'offline'] as const;
export const TeamState = z.enum(TEAM_STATES);
export type TeamState = z.infer<typeof TeamState>;

/** Why the desk is not connected, as an i18n key under `team.detail` (never the server's own text). */
export const TEAM_DETAILS = [
  'team.detail.credentialsRejected',
  'team.detail.certificateRejected',
  'team.detail.schemaMissing',
  'team.detail.unreachable',
] as const;
export const TeamDetail = z.enum(TEAM_DETAILS);
export type TeamDetail = z.infer<typeof TeamDetail>;

export const TeamStatus = z
  .object({
    state: TeamState,
    /** Writes (notes, wrap-up codes, identity links) queued on this desk, waiting for the database. */
    pending: z.number().int().nonnegative(),
    detail: TeamDetail.optional(),
    /** Writes the database refused for good (row-level security, a broken constraint): kept aside on this desk, never lost. Absent when none. */
    refused: z.number().int().positive().optional(),
  })
  .strict();
export type TeamStatus = z.infer<typeof TeamStatus>;
