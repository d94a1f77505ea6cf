import type { Migration } from './migration';

/**
 * Agent availability for the supervisor view (issue 16, item 2), and the
 * view's one refusal in the database.
 *
 * Numbered 7, not 6: another feature of the same session was handed 6 (numbers
 * are per feature; `migrate.ts` applies them in order and a gap is allowed).
 *
 * - `agent_states` (created in 0001, unused until now) holds each agent's
 *   chosen availability: available, break, wrap-up, away, or offline once the
 *   desk signs out. `since` is set by the database when the state changes,
 *   so the time in state cannot be faked or skewed by a desk's clock.
 * - `alive_until` is the desk's lease: renewed every 15 s, at most 60 s ahead,
 *   so a desk that vanishes without signing out reads as offline within a
 *   minute (`supervisor_board()` compares it with the database's clock).
 * - `agent_state_history` keeps every change, written only by a trigger
 *   (agents have no right to write it), for the day's figures. An agent reads
 *   their own history, a supervisor everyone's. It is not in the change feed:
 *   each of its rows follows a change of `agent_states`, which is.
 * - `supervisor_board()` is the supervisor view's read: executable by
 *   `tandem_supervisor` only, so an agent's login is refused by the database
 *   (42501), whatever the desk does.
 */
const sql = String.raw`
alter table agent_states add column alive_until timestamptz;
alter table agent_states add constraint agent_state_known
  check (state in ('available', 'break', 'wrap-up', 'away', 'offline')) not valid;
grant update (alive_until) on agent_states to tandem_agent;
create policy agent_state_short_lease on agent_states as restrictive for all to tandem_agent
  using (true) with check (alive_until is null or alive_until <= now() + interval '60 seconds');

create function tandem_stamp_state_since() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  if tg_op = 'INSERT' or new.state is distinct from old.state then
    new.since := now();
  else
    new.since := old.since;
  end if;
  return new;
end $$;
create trigger agent_state_since before insert or update on agent_states for each row execute function tandem_stamp_state_since();

create table agent_state_history (
  id bigint generated always as identity primary key,
  agent_id text not null references agents (id) on delete cascade,
  state text not null,
  started_at timestamptz not null
);
create index agent_state_history_agent on agent_state_history (agent_id, started_at);

create function tandem_record_state_history() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  if tg_op = 'INSERT' or new.state is distinct from old.state then
    insert into public.agent_state_history (agent_id, state, started_at) values (new.agent_id, new.state, new.since);
  end if;
  return null;
end $$;
revoke all on function tandem_record_state_history() from public;
create trigger agent_state_history after insert or update on agent_states for each row execute function tandem_record_state_history();

alter table agent_state_history enable row level security, force row level security;
create policy tandem_owner on agent_state_history to current_user using (true) with check (true);
create policy own_history on agent_state_history for select to tandem_agent using (agent_id = current_user::text);
create policy team_history on agent_state_history for select to tandem_supervisor using (true);
grant select on agent_state_history to tandem_agent;

create function supervisor_board()
returns table (agent_id text, name text, role text, sip_uri text, state text, since timestamptz, alive boolean, on_social boolean, server_now timestamptz)
language sql stable set search_path = pg_catalog, pg_temp as $$
  select a.id, a.name, a.role, a.sip_uri, s.state, s.since,
         coalesce(s.alive_until > now() and s.state <> 'offline', false),
         exists (select from public.conversations c where c.handler = a.id and c.lease_until > now()),
         now()
    from public.agents a left join public.agent_states s on s.agent_id = a.id
   order by a.name, a.id;
$$;
revoke all on function supervisor_board() from public;
grant execute on function supervisor_board() to tandem_supervisor;
`;

export const agentAvailability: Migration = { version: 8, name: 'agent availability, its history and the supervisor board', sql };
