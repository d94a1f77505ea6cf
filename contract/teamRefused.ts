import * as z from 'zod';
import { TeamWrite } from './teamHistory';

/**
 * Writes the team database refused for good (issue 11, "Offline is normal"):
 * main keeps each aside in its outbox file with the SQLSTATE and time, and
 * counts them in the team status. The agent can list them, send one again
 * (it joins the back of the queue: the customer it names may exist by now),
 * or discard it. A refused write is named by its id and the time it was
 * refused, since the same row may have been refused twice (a call's edits).
 */
export const RefusedTeamWrite = z
  .object({
    write: TeamWrite,
    /** The database's SQLSTATE (class 22 bad data, 23 a broken rule, 42 not allowed). */
    code: z.string().max(5),
    at: z.number().int().nonnegative(),
  })
  .strict();
export type RefusedTeamWrite = z.output<typeof RefusedTeamWrite>;

export const RefusedTeamWrites = z.object({ writes: z.array(RefusedTeamWrite) }).strict();

/** One refused write: its id and the time it was refused. */
export const RefusedTeamWriteRef = z.object({ id: z.string().min(1).max(200), at: z.number().int().nonnegative() }).strict();
export type RefusedTeamWriteRef = z.output<typeof RefusedTeamWriteRef>;

/** i18n keys of the refusals these channels answer with. */
export const TEAM_REFUSED_ERRORS = { gone: 'team.errors.refusedGone' } as const;
