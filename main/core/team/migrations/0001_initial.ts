import type { Migration } from './migration';

/**
 * The team's tables, the change feed and who may do what (issue 11,
 * docs/ARCHITECTURE.md "Team database").
 *
 * - Every team row carries `seq` from the one sequence `tandem_seq`, stamped by
 *   a trigger on insert and update, so a desk can ask for "everything after N".
 * - Every insert, update and delete appends to `team_changes` and sends
 *   `NOTIFY tandem_changes` with the table, the row's id and its seq, never
 *   its content: a listener must read the row under its own rights.
 * - Row-level security is on and forced on every table. Agents (`tandem_agent`)
 *   read everything and write only what is theirs; a conversation is claimed
 *   with one conditional UPDATE that the policy lets through only when it is
 *   free, already theirs, or its lease has run out. Supervisors
 *   (`tandem_supervisor`, members of `tandem_agent`) may set any handler.
 * - Grants are per column where agents may update: authors, creation times
 *   and the ingest-only columns of a conversation are not theirs to change.
 * - The trigger functions and `record_conversation_item` run as the owner
 *   (SECURITY DEFINER, fixed search_path), so agents need no right on
 *   `team_changes` or the sequence; the owner's own policy (`tandem_owner`,
 *   created for the role running the migration) lets them through FORCE.
 */
const sql = String.raw`
do $$
begin
  if not exists (select from pg_roles where rolname = 'tandem_agent') then
    create role tandem_agent nologin;
  end if;
  if not exists (select from pg_roles where rolname = 'tandem_supervisor') then
    create role tandem_supervisor nologin;
  end if;
end $$;
grant tandem_agent to tandem_supervisor;

create table tandem_schema (version int not null);
create unique index tandem_schema_one_row on tandem_schema ((true));

-- Tandem owns this database: nobody else creates objects in it (the default from PostgreSQL 15 on).
revoke create on schema public from public;

create sequence tandem_seq;

create table team_changes (
  seq bigint primary key,
  table_name text not null,
  row_id text not null,
  changed_at timestamptz not null default now()
);

create table agents (
  id text primary key,
  name text not null,
  role text not null check (role in ('agent', 'supervisor')),
  sip_uri text,
  seq bigint not null
);

create table customers (
  id text primary key,
  name text not null,
  created_by text not null default current_user,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  seq bigint not null
);

create table identities (
  id text primary key,
  customer_id text not null references customers (id) on delete cascade,
  kind text not null,
  value text not null,
  did text,
  status text not null check (status in ('verified', 'unverified', 'claimed')),
  verified_by text,
  verified_how text,
  verified_at timestamptz,
  seq bigint not null,
  unique (kind, value, customer_id)
);

create table interactions (
  id text primary key,
  customer_id text references customers (id) on delete set null,
  channel text not null,
  direction text not null,
  at timestamptz not null,
  summary text not null default '',
  wrap_up_code text,
  call_id text,
  conversation_id text,
  uri text,
  author text not null default current_user,
  seq bigint not null
);

create table notes (
  id text primary key,
  customer_id text not null references customers (id) on delete cascade,
  call_id text,
  text text not null,
  author text not null default current_user,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  seq bigint not null
);

create table conversations (
  id text primary key,
  account_id text not null,
  status text not null default 'new' check (status in ('new', 'open', 'waiting', 'closed')),
  handler text references agents (id),
  lease_until timestamptz,
  author_did text,
  last_item_at timestamptz not null,
  seq bigint not null
);

create table social_items (
  uri text primary key,
  conversation_id text not null,
  account_id text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  seq bigint not null
);

-- A reply goes out at most once: the row is made once (client-made id), and the
-- network record key is derived from that row and unique, so a second attempt,
-- from any desk, writes to the same record instead of posting again.
create table social_outbox (
  id text primary key,
  conversation_id text not null references conversations (id),
  kind text not null check (kind in ('reply', 'message')),
  text text not null,
  record_key text not null unique,
  state text not null default 'pending' check (state in ('pending', 'sent', 'failed')),
  author text not null default current_user,
  created_at timestamptz not null default now(),
  seq bigint not null
);

create table agent_states (
  agent_id text primary key references agents (id),
  state text not null,
  since timestamptz not null default now(),
  seq bigint not null
);

create table ingest_cursor (
  account_id text primary key,
  cursor text not null,
  seq bigint not null
);

create function tandem_stamp_seq() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  new.seq := nextval('public.tandem_seq');
  return new;
end $$;

-- tg_argv[0] names the row's id column. The notification carries the id and seq only.
create function tandem_record_change() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  changed record;
  change_seq bigint;
  changed_id text;
begin
  if tg_op = 'DELETE' then
    changed := old;
    change_seq := nextval('public.tandem_seq');
  else
    changed := new;
    change_seq := new.seq;
  end if;
  changed_id := to_jsonb(changed) ->> tg_argv[0];
  insert into public.team_changes (seq, table_name, row_id) values (change_seq, tg_table_name, changed_id);
  perform pg_notify('tandem_changes', json_build_object('table', tg_table_name, 'id', changed_id, 'seq', change_seq)::text);
  return null;
end $$;

-- The ingester records an item's arrival in a conversation another agent may hold:
-- it may create the conversation or move its last_item_at forward, nothing else.
create function record_conversation_item(p_conversation_id text, p_account_id text, p_author_did text, p_item_at timestamptz) returns void
language sql security definer set search_path = pg_catalog, pg_temp as $$
  insert into public.conversations as c (id, account_id, author_did, last_item_at)
  values (p_conversation_id, p_account_id, p_author_did, p_item_at)
  on conflict (id) do update set last_item_at = excluded.last_item_at
  where c.last_item_at < excluded.last_item_at;
$$;
revoke all on function tandem_stamp_seq(), tandem_record_change() from public;
revoke all on function record_conversation_item(text, text, text, timestamptz) from public;
grant execute on function record_conversation_item(text, text, text, timestamptz) to tandem_agent;

do $$
declare
  team record;
  team_table text;
begin
  for team in
    select * from (values
      ('agents', 'id'), ('customers', 'id'), ('identities', 'id'), ('interactions', 'id'), ('notes', 'id'),
      ('conversations', 'id'), ('social_items', 'uri'), ('social_outbox', 'id'), ('agent_states', 'agent_id'),
      ('ingest_cursor', 'account_id')
    ) as tables (name, id_column)
  loop
    execute format('create trigger tandem_seq before insert or update on public.%I for each row execute function tandem_stamp_seq()', team.name);
    execute format('create trigger tandem_changes after insert or update or delete on public.%I for each row execute function tandem_record_change(%L)', team.name, team.id_column);
  end loop;
  foreach team_table in array array['tandem_schema', 'team_changes', 'agents', 'customers', 'identities', 'interactions', 'notes',
                              'conversations', 'social_items', 'social_outbox', 'agent_states', 'ingest_cursor']
  loop
    execute format('alter table public.%I enable row level security, force row level security', team_table);
    execute format('create policy tandem_owner on public.%I to current_user using (true) with check (true)', team_table);
    execute format('create policy team_reads on public.%I for select to tandem_agent using (true)', team_table);
    execute format('grant select on public.%I to tandem_agent', team_table);
  end loop;
end $$;

grant insert, update (name, updated_at) on customers to tandem_agent;
create policy add_customer on customers for insert to tandem_agent with check (created_by = current_user::text);
create policy rename_customer on customers for update to tandem_agent using (true) with check (true);

-- A verified link keeps who verified it: an agent verifies in their own name only.
grant insert, update (customer_id, did, status, verified_by, verified_how, verified_at), delete on identities to tandem_agent;
create policy link_identity on identities for insert to tandem_agent with check (status <> 'verified' or verified_by = current_user::text);
create policy relink_identity on identities for update to tandem_agent using (true) with check (status <> 'verified' or verified_by = current_user::text);
create policy unlink_identity on identities for delete to tandem_agent using (true);

grant insert, update (customer_id, summary, wrap_up_code, call_id, conversation_id, uri) on interactions to tandem_agent;
create policy log_own_interaction on interactions for insert to tandem_agent with check (author = current_user::text);
create policy edit_own_interaction on interactions for update to tandem_agent using (author = current_user::text) with check (author = current_user::text);

grant insert, update (customer_id, call_id, text, updated_at), delete on notes to tandem_agent;
create policy write_own_note on notes for insert to tandem_agent with check (author = current_user::text);
create policy edit_own_note on notes for update to tandem_agent using (author = current_user::text) with check (author = current_user::text);
create policy delete_own_note on notes for delete to tandem_agent using (author = current_user::text);

-- Claim, renew, release: free, mine, or expired; never handed to someone else, never held for long.
grant update (status, handler, lease_until) on conversations to tandem_agent;
create policy claim_conversation on conversations for update to tandem_agent
  using (handler is null or handler = current_user::text or lease_until < now())
  with check ((handler is null or handler = current_user::text) and (lease_until is null or lease_until <= now() + interval '1 hour'));
create policy reassign_conversation on conversations for update to tandem_supervisor using (true) with check (true);

grant insert on social_items to tandem_agent;
create policy ingest_item on social_items for insert to tandem_agent with check (true);

-- Only the agent holding a live claim may queue a reply in the conversation.
grant insert, update (state) on social_outbox to tandem_agent;
create policy queue_own_reply on social_outbox for insert to tandem_agent with check (
  author = current_user::text
  and exists (
    select from public.conversations c
    where c.id = conversation_id and c.handler = current_user::text and c.lease_until > now()
  )
);
create policy update_own_reply on social_outbox for update to tandem_agent using (author = current_user::text) with check (author = current_user::text);

grant insert, update (state, since) on agent_states to tandem_agent;
create policy set_own_state on agent_states for insert to tandem_agent with check (agent_id = current_user::text);
create policy change_own_state on agent_states for update to tandem_agent using (agent_id = current_user::text) with check (agent_id = current_user::text);

-- Any desk may become the ingester (elected with an advisory lock), so any agent moves the cursor.
grant insert, update (cursor) on ingest_cursor to tandem_agent;
create policy start_cursor on ingest_cursor for insert to tandem_agent with check (true);
create policy move_cursor on ingest_cursor for update to tandem_agent using (true) with check (true);
`;

export const initial: Migration = { version: 1, name: 'tables, change feed, roles and row-level security', sql };
