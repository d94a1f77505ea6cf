import type { Migration } from './migration';

/**
 * "NAME is viewing": which conversation each agent has open, so two agents
 * who open the same complaint see each other before either starts typing
 * (issue 11, item 4).
 *
 * One row per agent (an agent looks at one conversation at a time), written
 * only by that agent, read by everyone, and sent through the change feed like
 * every team row. A desk renews `viewing_until` while the conversation stays
 * open and deletes its row when it closes; a desk that dies simply stops
 * renewing, and readers ignore a row whose time has passed. The check keeps a
 * row from claiming to be viewed for long without renewal.
 */
const sql = String.raw`
create table agent_viewing (
  agent_id text primary key default current_user references agents (id) on delete cascade,
  conversation_id text not null,
  viewing_until timestamptz not null,
  seq bigint not null
);
create index agent_viewing_conversation on agent_viewing (conversation_id, viewing_until);

create trigger tandem_seq before insert or update on agent_viewing for each row execute function tandem_stamp_seq();
create trigger tandem_changes after insert or update or delete on agent_viewing for each row execute function tandem_record_change('agent_id');

alter table agent_viewing enable row level security, force row level security;
create policy tandem_owner on agent_viewing to current_user using (true) with check (true);
create policy team_reads on agent_viewing for select to tandem_agent using (true);
grant select, insert, update (conversation_id, viewing_until), delete on agent_viewing to tandem_agent;
create policy view_own on agent_viewing for insert to tandem_agent
  with check (agent_id = current_user::text and viewing_until <= now() + interval '5 minutes');
create policy renew_own_view on agent_viewing for update to tandem_agent
  using (agent_id = current_user::text)
  with check (agent_id = current_user::text and viewing_until <= now() + interval '5 minutes');
create policy stop_own_view on agent_viewing for delete to tandem_agent using (agent_id = current_user::text);
`;

export const conversationViewing: Migration = { version: 4, name: 'who is viewing which conversation', sql };
