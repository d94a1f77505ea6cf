import type { Migration } from './migration';

/**
 * Social volume beside call volume for the supervisor view (issue 16, item 5).
 *
 * Numbered 12: numbers are handed out per feature (see 0008); `migrate.ts`
 * applies them in order and a gap is allowed.
 *
 * - `supervisor_volume(from, intervals)` counts, per 15-minute interval from
 *   `from`, the social items that came in (everything but the brand's own
 *   replies and messages, whose payload kind starts with `brand-`; the
 *   posting time is `created_at`) and the team's call records (`interactions`
 *   on the `call` channel, at their start). Counting in the database keeps a
 *   day of a large team's rows on the server: the desk gets at most 100 rows.
 * - Executable by `tandem_supervisor` only, like `supervisor_board()`: the
 *   view's reads are the supervisor's, and an agent's login is refused by
 *   the database (42501). It runs with the caller's rights (no SECURITY
 *   DEFINER), so it can read no more than the supervisor already may.
 * - Two indexes make the day's range scans cheap on a year of history.
 */
const sql = String.raw`
create index social_items_created_at on social_items (created_at);
create index interactions_calls_at on interactions (at) where channel = 'call';

create function supervisor_volume(p_from timestamptz, p_intervals int)
returns table (slot int, mentions bigint, calls bigint)
language sql stable set search_path = pg_catalog, pg_temp as $$
  with span as (
    select p_from as t0, least(greatest(p_intervals, 1), 100) as n,
           p_from + make_interval(mins => 15 * least(greatest(p_intervals, 1), 100)) as t1
  ),
  slots as (select generate_series(0, span.n - 1) as slot from span),
  m as (
    select floor(extract(epoch from (i.created_at - span.t0)) / 900)::int as slot, count(*) as n
      from public.social_items i, span
     where i.created_at >= span.t0 and i.created_at < span.t1
       and coalesce(i.payload ->> 'kind', '') not like 'brand-%'
     group by 1
  ),
  c as (
    select floor(extract(epoch from (x.at - span.t0)) / 900)::int as slot, count(*) as n
      from public.interactions x, span
     where x.channel = 'call' and x.at >= span.t0 and x.at < span.t1
     group by 1
  )
  select s.slot, coalesce(m.n, 0), coalesce(c.n, 0)
    from slots s left join m using (slot) left join c using (slot)
   order by s.slot;
$$;
revoke all on function supervisor_volume(timestamptz, int) from public;
grant execute on function supervisor_volume(timestamptz, int) to tandem_supervisor;
`;

export const supervisorVolume: Migration = { version: 12, name: 'mentions and calls per quarter hour for the supervisor view', sql };
