import type { Migration } from './migration';

/**
 * The supervisor view's social queue and alerts (issue 16, items 3 and 4).
 *
 * Numbered 11: the numbers 9 and 10 were handed to other features of the
 * same session (a gap is allowed, `migrate.ts` applies them in order).
 *
 * Agents may read the team's rows already (`team_reads`), so these functions
 * add no right: they run as the caller (not SECURITY DEFINER, so row-level
 * security still applies) and are executable by `tandem_supervisor` only, so
 * the view is refused to an agent's login by the database (42501), like
 * `supervisor_board()`.
 *
 * - `supervisor_queue()`: every conversation not closed (at most 500, the
 *   longest waiting first) with its channel, live handler, the customer's
 *   latest words and author (from the stored item, the connector's own
 *   payload), the first-response figures, and the phone numbers of the
 *   customer whose Bluesky account is verified as that author (the
 *   complaint alert matches a live call on them). "Customer" items are all
 *   but the brand's own (`brand-reply`, `brand-message`); `created_at` is the
 *   item's time on the network.
 * - `supervisor_queue_counts()`: conversations by status, closed included.
 * - `supervisor_volume(p_from)`: mentions (the customers' public items) and
 *   calls (`interactions.channel = 'call'`) per 15-minute interval from
 *   `p_from`, for the spike alert's baseline and its calls-per-mention ratio.
 */
const sql = String.raw`
create index social_items_conversation_time on social_items (conversation_id, created_at);
create index social_items_time on social_items (created_at);
create index interactions_call_time on interactions (at) where channel = 'call';

create function supervisor_queue()
returns table (
  id text, account_id text, status text, visibility text, handler text, handler_name text,
  author_handle text, author_name text, author_followers bigint, text text, langs jsonb,
  first_at timestamptz, first_response_at timestamptz, waiting_since timestamptz, phones text[], server_now timestamptz
)
language sql stable set search_path = pg_catalog, pg_temp as $$
  with open_conversations as (
    select c.* from public.conversations c where c.status <> 'closed'
  ), items as (
    select i.conversation_id, i.created_at, i.payload,
           (i.payload ->> 'kind') in ('brand-reply', 'brand-message') as brand
      from public.social_items i
     where i.conversation_id in (select oc.id from open_conversations oc)
  ), figures as (
    select oc.id,
           (select min(it.created_at) from items it where it.conversation_id = oc.id and not it.brand) as first_at,
           (select max(it.created_at) from items it where it.conversation_id = oc.id and it.brand) as last_brand_at
      from open_conversations oc
  )
  select oc.id, oc.account_id, oc.status,
         coalesce(latest.payload ->> 'visibility', 'public'),
         case when oc.lease_until > now() then oc.handler end,
         case when oc.lease_until > now() then a.name end,
         coalesce(latest.payload -> 'author' ->> 'handle', ''),
         coalesce(latest.payload -> 'author' ->> 'displayName', ''),
         case when jsonb_typeof(latest.payload -> 'author' -> 'followers') = 'number'
              then (latest.payload -> 'author' ->> 'followers')::numeric::bigint end,
         left(coalesce(latest.payload ->> 'text', ''), 400),
         case when jsonb_typeof(latest.payload -> 'langs') = 'array' then latest.payload -> 'langs' else '[]'::jsonb end,
         coalesce(f.first_at, oc.last_item_at),
         (select min(it.created_at) from items it where it.conversation_id = oc.id and it.brand and it.created_at >= f.first_at),
         (select min(it.created_at) from items it
           where it.conversation_id = oc.id and not it.brand and it.created_at > coalesce(f.last_brand_at, '-infinity')),
         coalesce((select array_agg(distinct phone.value order by phone.value)
                     from public.identities link
                     join public.identities phone on phone.customer_id = link.customer_id and phone.kind = 'phone'
                    where link.kind = 'bluesky' and link.status = 'verified' and link.did = oc.author_did), '{}'),
         now()
    from open_conversations oc
    join figures f on f.id = oc.id
    left join public.agents a on a.id = oc.handler
    left join lateral (
      select it.payload from items it where it.conversation_id = oc.id and not it.brand order by it.created_at desc limit 1
    ) latest on true
   order by 14 asc nulls last, oc.last_item_at desc
   limit 500;
$$;

create function supervisor_queue_counts()
returns table (status text, conversations bigint)
language sql stable set search_path = pg_catalog, pg_temp as $$
  select c.status, count(*) from public.conversations c group by c.status;
$$;

create function supervisor_volume(p_from timestamptz)
returns table (interval_start timestamptz, mentions bigint, calls bigint)
language sql stable set search_path = pg_catalog, pg_temp as $$
  with mention_counts as (
    select to_timestamp(floor(extract(epoch from i.created_at) / 900) * 900) as bucket, count(*) as n
      from public.social_items i
     where i.created_at >= p_from
       and (i.payload ->> 'kind') in ('mention', 'reply', 'quote')
       and (i.payload ->> 'visibility') = 'public'
     group by 1
  ), call_counts as (
    select to_timestamp(floor(extract(epoch from x.at) / 900) * 900) as bucket, count(*) as n
      from public.interactions x
     where x.at >= p_from and x.channel = 'call'
     group by 1
  )
  select coalesce(m.bucket, c.bucket), coalesce(m.n, 0), coalesce(c.n, 0)
    from mention_counts m full join call_counts c on c.bucket = m.bucket
   order by 1;
$$;

revoke all on function supervisor_queue(), supervisor_queue_counts(), supervisor_volume(timestamptz) from public;
grant execute on function supervisor_queue(), supervisor_queue_counts(), supervisor_volume(timestamptz) to tandem_supervisor;
`;

export const supervisorQueue: Migration = { version: 11, name: 'the supervisor social queue, its counts and mention volume', sql };
