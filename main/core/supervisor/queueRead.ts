import type { Pool } from 'pg';
import * as z from 'zod';
import { TEAM_CONVERSATION_STATUSES, type QueueConversation, type SupervisorQueue, type VolumeInterval } from '@tandem/contract';

type Queryable = Pick<Pool, 'query'>;

/** `bigint` columns arrive as strings from pg: counts and followers are read as numbers here. */
const count = z.coerce.number().int().nonnegative();

const QueueRow = z.object({
  id: z.string(),
  account_id: z.string(),
  status: z.enum(TEAM_CONVERSATION_STATUSES),
  visibility: z.string(),
  handler: z.string().nullable(),
  handler_name: z.string().nullable(),
  author_handle: z.string(),
  author_name: z.string(),
  author_followers: count.nullable(),
  text: z.string(),
  langs: z.unknown(),
  first_at: z.date(),
  first_response_at: z.date().nullable(),
  waiting_since: z.date().nullable(),
  phones: z.array(z.string()),
  customer_name: z.string().nullable(),
  server_now: z.date(),
});
type QueueRow = z.infer<typeof QueueRow>;

const Langs = z.array(z.string().max(35)).max(3);

/**
 * One row of `supervisor_queue()` (migration 0011, the customer's name since 0013) as the contract carries it,
 * with the database's times moved onto this desk's clock (`now`), so waiting
 * times are right even when the two clocks differ. Stored payloads are the
 * connector's own items, but the database is read defensively: strings are
 * cut to the contract's bounds and an unknown channel reads as public (the
 * stricter target).
 */
export function queueConversation(row: QueueRow, now: number): QueueConversation {
  const skew = now - row.server_now.getTime();
  const at = (date: Date) => Math.max(0, Math.min(now, date.getTime() + skew));
  const langs = Langs.safeParse(row.langs);
  return {
    id: row.id.slice(0, 1000),
    accountId: row.account_id.slice(0, 300),
    status: row.status,
    visibility: row.visibility === 'private' ? 'private' : 'public',
    handler: row.handler === null ? null : { id: row.handler, name: row.handler_name ?? row.handler },
    authorHandle: row.author_handle.slice(0, 256),
    authorName: row.author_name.slice(0, 256),
    authorFollowers: row.author_followers,
    text: row.text.slice(0, 400),
    langs: langs.success ? langs.data : [],
    firstAt: at(row.first_at),
    firstResponseAt: row.first_response_at === null ? null : at(row.first_response_at),
    waitingSince: row.waiting_since === null ? null : at(row.waiting_since),
    phones: row.phones.slice(0, 20).map((phone) => phone.slice(0, 64)),
    customerName: row.customer_name === null ? null : row.customer_name.slice(0, 256),
  };
}

/** The open conversations; the database refuses a login that is not a supervisor's (42501). */
export async function readQueue(db: Queryable, now: number): Promise<QueueConversation[]> {
  const result = await db.query('select * from supervisor_queue()');
  return result.rows.map((row) => queueConversation(QueueRow.parse(row), now));
}

const CountRow = z.object({ status: z.enum(TEAM_CONVERSATION_STATUSES), conversations: count });

export async function readQueueCounts(db: Queryable): Promise<SupervisorQueue['counts']> {
  const result = await db.query('select * from supervisor_queue_counts()');
  const counts = { new: 0, open: 0, waiting: 0, closed: 0 };
  for (const row of result.rows) {
    const parsed = CountRow.parse(row);
    counts[parsed.status] = parsed.conversations;
  }
  return counts;
}

const VolumeRow = z.object({ interval_start: z.date(), mentions: count, calls: count });

/** Mentions and calls per 15-minute interval from `from`, oldest first; intervals with neither are absent. */
export async function readVolume(db: Queryable, from: Date): Promise<VolumeInterval[]> {
  const result = await db.query('select * from supervisor_volume($1)', [from]);
  return result.rows.map((row) => {
    const parsed = VolumeRow.parse(row);
    return { start: parsed.interval_start.getTime(), mentions: parsed.mentions, calls: parsed.calls };
  });
}
