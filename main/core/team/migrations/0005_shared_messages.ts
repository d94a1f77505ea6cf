import type { Migration } from './migration';

/**
 * Private messages shared by the team, and a dead desk's sends taken over
 * (issue 11; docs/ARCHITECTURE.md "Private messages and stranded sends").
 *
 * - `ingest_cursor` gets a `stream`: the elected ingester follows the
 *   firehose (`firehose`, every row so far) and the chat log (`chat`) of an
 *   account, each from its own stored cursor.
 * - `social_outbox.target` says where the send goes (the parent post's URI
 *   for a reply, the customer's DID for a message), so a desk other than the
 *   author's can post the row. Rows queued before this step have none and are
 *   left to their own desk.
 * - `take_over_send`: an agent may make a pending row theirs (set `author`,
 *   nothing else) when nobody else holds a live claim on its conversation and
 *   its author has no session in the database (their desk is gone). The
 *   update is conditional on the old author, so of two desks racing one wins.
 */
const sql = String.raw`
alter table ingest_cursor add column stream text not null default 'firehose' check (stream in ('firehose', 'chat'));
alter table ingest_cursor drop constraint ingest_cursor_pkey;
alter table ingest_cursor add primary key (account_id, stream);

alter table social_outbox add column target text;
create index social_outbox_pending on social_outbox (conversation_id) where state = 'pending';

grant update (author) on social_outbox to tandem_agent;
create policy take_over_send on social_outbox for update to tandem_agent
  using (
    state = 'pending'
    and target is not null
    and author <> current_user::text
    and not exists (
      select from public.conversations c
      where c.id = conversation_id and c.handler is not null and c.handler <> current_user::text and c.lease_until >= now()
    )
    and not exists (select from pg_catalog.pg_stat_activity a where a.usename = author)
  )
  with check (author = current_user::text);
`;

export const sharedMessages: Migration = { version: 5, name: 'shared private messages, stranded sends taken over', sql };
