import type { Migration } from './migration';

/**
 * Two customers of the team become one (issue 12 §7, the Customers area's
 * Merge on a team desk).
 *
 * Row-level security lets an agent write only their own notes and calls, so
 * no statement an agent may run moves another agent's history. The merge is
 * therefore one SECURITY DEFINER function, `merge_customers(kept, merged)`,
 * executable by `tandem_agent` (supervisors are members) and nobody else;
 * the grant is the rule, the tables' policies stay as they were.
 *
 * - Identities move under the kept customer's row key (`kept|kind|value`,
 *   the desk's own key, so every cache rewrites the same row): the merged
 *   row is deleted and one is inserted under the new id. When both customers
 *   have the same identity the more certain link stays (verified, then
 *   claimed, then recorded), as on a solo desk (renderer mergePlan.ts).
 * - Interactions and notes are re-pointed; their ids do not change. A social
 *   conversation has no customer column of its own: it reaches its customer
 *   through the author's identity (and its interactions' `conversation_id`),
 *   both of which move.
 * - The merged customer is not deleted but marked (`merged_into`, by whom,
 *   when): a desk offline during the merge still holds writes that name it.
 *   A trigger on notes, interactions and identities follows the mark, so
 *   those writes land on the kept customer (an identity's row key too), and
 *   the feed tells each cache to fold the merged customer into the kept one.
 *   Earlier marks that pointed at the merged customer now point at the kept
 *   one, so following is always one step.
 * - Every row written takes its seq and sends its NOTIFY through the tables'
 *   own triggers, like any write. Merges are serialised by a transaction
 *   advisory lock: two desks merging the same pair the other way round
 *   cannot interleave. Merging two customers that are already one (the same
 *   pair again, an offline desk's queued copy) changes nothing.
 */
const sql = String.raw`
alter table customers
  add column merged_into text references customers (id),
  add column merged_by text,
  add column merged_at timestamptz;

create function tandem_follow_merge() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  target text;
begin
  if new.customer_id is null then
    return new;
  end if;
  select c.merged_into into target from public.customers c where c.id = new.customer_id;
  if target is null then
    return new;
  end if;
  -- Nested, not "and": a note has no kind, and plpgsql may read both sides.
  if tg_table_name = 'identities' then
    if new.id = new.customer_id || '|' || new.kind || '|' || new.value then
      new.id := target || '|' || new.kind || '|' || new.value;
    end if;
  end if;
  new.customer_id := target;
  return new;
end $$;
revoke all on function tandem_follow_merge() from public;
create trigger tandem_follow_merge before insert or update of customer_id on identities for each row execute function tandem_follow_merge();
create trigger tandem_follow_merge before insert or update of customer_id on interactions for each row execute function tandem_follow_merge();
create trigger tandem_follow_merge before insert or update of customer_id on notes for each row execute function tandem_follow_merge();

create function merge_customers(kept text, merged text) returns text
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  keep_id text;
  merge_id text;
  moved public.identities;
  existing public.identities;
  rank_moved int;
  rank_existing int;
begin
  perform pg_advisory_xact_lock(hashtext('tandem:merge_customers'));
  select coalesce(c.merged_into, c.id) into keep_id from public.customers c where c.id = kept;
  select coalesce(c.merged_into, c.id) into merge_id from public.customers c where c.id = merged;
  if keep_id is null or merge_id is null then
    raise exception 'no such customer' using errcode = 'foreign_key_violation';
  end if;
  if keep_id = merge_id then
    return keep_id;
  end if;

  for moved in select * from public.identities i where i.customer_id = merge_id order by i.id loop
    existing := null;
    select * into existing from public.identities i where i.customer_id = keep_id and i.kind = moved.kind and i.value = moved.value;
    delete from public.identities where id = moved.id;
    if existing.id is null then
      insert into public.identities (id, customer_id, kind, value, did, status, verified_by, verified_how, verified_at,
                                     claim_handle, claim_did, claim_phone, claim_evidence_uri, claim_at)
      values (keep_id || '|' || moved.kind || '|' || moved.value, keep_id, moved.kind, moved.value, moved.did, moved.status,
              moved.verified_by, moved.verified_how, moved.verified_at,
              moved.claim_handle, moved.claim_did, moved.claim_phone, moved.claim_evidence_uri, moved.claim_at);
      continue;
    end if;
    rank_moved := case moved.status when 'verified' then 2 when 'claimed' then 1 else 0 end;
    rank_existing := case existing.status when 'verified' then 2 when 'claimed' then 1 else 0 end;
    if rank_moved > rank_existing then
      update public.identities
         set did = coalesce(moved.did, existing.did), status = moved.status,
             verified_by = moved.verified_by, verified_how = moved.verified_how, verified_at = moved.verified_at,
             claim_handle = moved.claim_handle, claim_did = moved.claim_did, claim_phone = moved.claim_phone,
             claim_evidence_uri = moved.claim_evidence_uri, claim_at = moved.claim_at
       where id = existing.id;
    elsif existing.did is null and moved.did is not null and existing.status <> 'verified' then
      -- A DID only the duplicate knew is kept; a proven link keeps the account it was proven for.
      update public.identities set did = moved.did where id = existing.id;
    end if;
  end loop;

  update public.interactions set customer_id = keep_id where customer_id = merge_id;
  update public.notes set customer_id = keep_id where customer_id = merge_id;
  update public.customers set merged_into = keep_id where merged_into = merge_id;
  update public.customers
     set merged_into = keep_id, merged_by = session_user, merged_at = now(), updated_at = now()
   where id = merge_id;
  update public.customers k
     set created_at = least(k.created_at, m.created_at), updated_at = now()
    from public.customers m
   where k.id = keep_id and m.id = merge_id;
  return keep_id;
end $$;
revoke all on function merge_customers(text, text) from public;
grant execute on function merge_customers(text, text) to tandem_agent;
`;

export const mergeCustomers: Migration = { version: 9, name: 'merging two customers into one', sql };
