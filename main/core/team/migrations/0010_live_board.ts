import type { Migration } from './migration';

/**
 * The supervisor's board rides the change feed (issue 16, item 2): the desk
 * no longer reads the whole board every few seconds, so whatever ages by
 * itself must come with its deadline, and "on social" needs a start time.
 *
 * Numbered 10: the number handed to this feature for this change.
 *
 * - `supervisor_board()` now returns `alive_until` (the desk's lease) and
 *   `social_until` (the latest live claim or open conversation) instead of
 *   booleans frozen at the moment of the read: the supervisor's desk moves a
 *   lapsed lease to offline by itself, on the database's clock
 *   (`server_now`), with no read and no change in the database.
 * - `conversations.handled_since` and `agent_viewing.viewing_since`, stamped
 *   by triggers on the database's clock (agents cannot write them), give "on
 *   social" its time in state: since the claim was taken, or since the
 *   conversation was opened when there is no claim.
 * - The function keeps its one grant, to `tandem_supervisor`: an agent's login
 *   is still refused by the database (42501).
 */
const sql = String.raw`
alter table conversations add column handled_since timestamptz;
create function tandem_stamp_handled_since() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  if new.handler is null then
    new.handled_since := null;
  elsif tg_op = 'INSERT' or new.handler is distinct from old.handler or old.lease_until is null or old.lease_until < now() then
    new.handled_since := now();
  else
    new.handled_since := old.handled_since;
  end if;
  return new;
end $$;
create trigger conversation_handled_since before insert or update on conversations for each row execute function tandem_stamp_handled_since();

alter table agent_viewing add column viewing_since timestamptz;
create function tandem_stamp_viewing_since() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  if tg_op = 'INSERT' or new.conversation_id is distinct from old.conversation_id or old.viewing_until < now() then
    new.viewing_since := now();
  else
    new.viewing_since := old.viewing_since;
  end if;
  return new;
end $$;
create trigger agent_viewing_since before insert or update on agent_viewing for each row execute function tandem_stamp_viewing_since();

drop function supervisor_board();
create function supervisor_board()
returns table (agent_id text, name text, role text, sip_uri text, state text, since timestamptz, alive_until timestamptz,
               social_since timestamptz, social_until timestamptz, server_now timestamptz)
language sql stable set search_path = pg_catalog, pg_temp as $$
  select a.id, a.name, a.role, a.sip_uri, s.state, s.since,
         case when s.state <> 'offline' then s.alive_until end,
         coalesce(claim.since, viewing.since), greatest(claim.until, viewing.until),
         now()
    from public.agents a
    left join public.agent_states s on s.agent_id = a.id
    left join lateral (
      select min(c.handled_since) as since, max(c.lease_until) as until
        from public.conversations c where c.handler = a.id and c.lease_until > now()
    ) claim on true
    left join lateral (
      select v.viewing_since as since, v.viewing_until as until
        from public.agent_viewing v where v.agent_id = a.id and v.viewing_until > now()
    ) viewing on true
   order by a.name, a.id;
$$;
revoke all on function supervisor_board() from public;
grant execute on function supervisor_board() to tandem_supervisor;
`;

export const liveBoard: Migration = { version: 10, name: 'the supervisor board with its deadlines, and when social work started', sql };
