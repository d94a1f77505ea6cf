import type { Migration } from './migration';

/**
 * The supervisor's social queue names the customer (issue 16, item 4a).
 *
 * `supervisor_queue()` (0011) gave the phone numbers of the customer whose
 * Bluesky account is verified as a post's author, so the complaint alert
 * could match a live call, but not the customer's name: the alert showed the
 * caller as the SIP server reported them ("2125550123@127.0.0.1"). It now
 * returns `customer_name` too, the team's own name for that customer (the
 * first by name if, unusually, one account is verified for two). A function's
 * result columns cannot change in place, so it is dropped and made again,
 * with 0011's rights: executable by `tandem_supervisor` only, running with
 * the caller's rights.
 */
const sql = String.raw`
drop function supervisor_queue();

create function supervisor_queue()
returns table (
  id text, account_id text, status text, visibility text, handler text, handler_name text,
  author_handle text, author_name text, author_followers bigint, text text, langs jsonb,
  first_at timestamptz, first_response_at timestamptz, waiting_since timestamptz, phones text[], customer_name text,
  server_now timestamptz
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
         (select min(customer.name)
            from public.identities link
            join public.customers customer on customer.id = link.customer_id
           where link.kind = 'bluesky' and link.status = 'verified' and link.did = oc.author_did),
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

revoke all on function supervisor_queue() from public;
grant execute on function supervisor_queue() to tandem_supervisor;
`;

export const supervisorQueueCustomer: Migration = { version: 13, name: 'the supervisor social queue names the verified customer', sql };
