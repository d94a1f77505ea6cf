import type { Migration } from './migration';

/**
 * Notes marked "Important" (issue 12, item 5): the ringing banner shows them
 * before the agent answers, so the flag travels with the note to every desk
 * of the team. Existing notes are not important; the author may change the
 * flag later like the note's text.
 */
const sql = String.raw`
alter table notes add column important boolean not null default false;
grant update (important) on notes to tandem_agent;
`;

export const importantNotes: Migration = { version: 7, name: 'notes marked important', sql };
