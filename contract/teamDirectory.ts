import * as z from 'zod';

/**
 * The team's phone directory (issue 12 item 4): every agent the team
 * database records with a SIP address (`npm run team -- add-agent --sip`),
 * offered by the dial and transfer boxes beside the profile's roster. Only a
 * name and a SIP address cross: colleagues may find each other's phones,
 * nothing else about them (their role, login or state) travels this way.
 */

/** More colleagues than any team the desk is built for; a longer list is cut, never refused. */
export const TEAM_DIRECTORY_LIMIT = 2_000;

export const TeamDirectoryEntry = z.object({ name: z.string().max(200), uri: z.string().max(500) }).strict();
export type TeamDirectoryEntry = z.infer<typeof TeamDirectoryEntry>;

/** Sorted by name; empty on a solo desk, or a team desk that has not read it yet. */
export const TeamDirectory = z.object({ agents: z.array(TeamDirectoryEntry).max(TEAM_DIRECTORY_LIMIT) }).strict();
export type TeamDirectory = z.infer<typeof TeamDirectory>;
