/**
 * A stand-in for the team schema, only as much of it as the desk's feed and
 * outbox touch, written from the wire agreement (docs/ARCHITECTURE.md, "Team
 * database"; TEAM-DESIGN): one sequence `tandem_seq` stamps every row's
 * `seq` on insert and update, every change appends to `team_changes` and
 * sends `pg_notify('tandem_changes', {table, id, seq})`, never row content.
 *
 * The real migrations (main/core/team/migrations/) are written on another
 * branch; once they are in, this file goes and the test runs them instead.
 * No roles or row-level security here: those are the migrations' tests.
 */
export const TEAM_CHANGES_FIXTURE = `
create sequence tandem_seq;
create table team_changes (
  seq bigint primary key,
  table_name text not null,
  row_id text not null,
  changed_at timestamptz not null default now()
);
create table customers (
  id text primary key, name text not null, created_by text not null,
  created_at timestamptz not null, updated_at timestamptz not null, seq bigint not null
);
create table notes (
  id text primary key, customer_id text not null references customers(id), call_id text, text text not null,
  author text not null, created_at timestamptz not null, updated_at timestamptz not null, seq bigint not null
);
create table interactions (
  id text primary key, customer_id text references customers(id), channel text not null, direction text not null,
  at timestamptz not null, summary text not null, wrap_up_code text, call_id text, conversation_id text, uri text,
  author text not null, seq bigint not null
);
create table identities (
  id text primary key, customer_id text not null references customers(id), kind text not null, value text not null,
  did text, status text not null check (status in ('verified', 'unverified', 'claimed')),
  verified_by text, verified_how text, verified_at timestamptz, seq bigint not null,
  unique (kind, value, customer_id)
);

create function tandem_stamp() returns trigger language plpgsql as $$
begin
  new.seq := nextval('tandem_seq');
  return new;
end $$;

create function tandem_changed() returns trigger language plpgsql as $$
declare
  changed_id text := case when tg_op = 'DELETE' then old.id else new.id end;
  changed_seq bigint := case when tg_op = 'DELETE' then nextval('tandem_seq') else new.seq end;
begin
  insert into team_changes (seq, table_name, row_id) values (changed_seq, tg_table_name, changed_id);
  perform pg_notify('tandem_changes', json_build_object('table', tg_table_name, 'id', changed_id, 'seq', changed_seq)::text);
  return null;
end $$;

do $$
declare t text;
begin
  foreach t in array array['customers', 'notes', 'interactions', 'identities'] loop
    execute format('create trigger %I before insert or update on %I for each row execute function tandem_stamp()', t || '_stamp', t);
    execute format('create trigger %I after insert or update or delete on %I for each row execute function tandem_changed()', t || '_changed', t);
  end loop;
end $$;
`;
