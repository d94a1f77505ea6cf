import type { PoolClient } from 'pg';
import * as z from 'zod';
import { Availability } from '@tandem/contract';

/**
 * The team database's side of agent availability (migrations
 * `0008_agent_availability.ts`, `0010_live_board.ts`): the agent writes their own state and renews
 * their desk's lease; a supervisor reads the board. Row-level security and
 * the function's grant decide who may; these are the queries only.
 */
type Queryable = Pick<PoolClient, 'query'>;

/** A desk's lease when the profile does not say (`team.presenceLeaseSeconds`): a desk gone without signing out reads as offline after at most this (the database caps it at 60 s). */
export const DEFAULT_LEASE_SECONDS = 45;

/** A desk renews its lease three times per lease, so two lost renewals in a row still leave it present. */
export function leaseRenewMs(leaseSeconds: number): number {
  return (leaseSeconds * 1000) / 3;
}

const StateRow = z.object({ state: z.string(), since: z.date() });

export interface StoredAvailability {
  readonly state: Availability;
  readonly since: Date;
}

/** Sets this login's availability and renews the lease; `since` is the database's. */
export async function setAvailability(db: Queryable, state: Availability, leaseSeconds = DEFAULT_LEASE_SECONDS): Promise<StoredAvailability> {
  const result = await db.query(
    `insert into agent_states (agent_id, state, alive_until) values (current_user, $1, now() + make_interval(secs => $2))
     on conflict (agent_id) do update set state = excluded.state, alive_until = excluded.alive_until
     returning state, since`,
    [state, leaseSeconds],
  );
  const row = StateRow.parse(result.rows[0]);
  return { state: Availability.parse(row.state), since: row.since };
}

/** The state this login last chose, or null (never chosen, or signed out). */
export async function readOwnAvailability(db: Queryable): Promise<StoredAvailability | null> {
  const result = await db.query('select state, since from agent_states where agent_id = current_user');
  const row = result.rows[0] === undefined ? null : StateRow.parse(result.rows[0]);
  if (row === null) return null;
  const parsed = Availability.safeParse(row.state);
  return parsed.success ? { state: parsed.data, since: row.since } : null;
}

/** Renews the desk's lease; false when there is no row to renew (the agent never chose a state). */
export async function renewLease(db: Queryable, leaseSeconds = DEFAULT_LEASE_SECONDS): Promise<boolean> {
  const result = await db.query(
    `update agent_states set alive_until = now() + make_interval(secs => $1) where agent_id = current_user and state <> 'offline'`,
    [leaseSeconds],
  );
  return result.rowCount === 1;
}

/** The desk signs out: offline at once, no lease. */
export async function signOut(db: Queryable): Promise<void> {
  await db.query(`update agent_states set state = 'offline', alive_until = null where agent_id = current_user`);
}

const BoardRow = z.object({
  agent_id: z.string(),
  name: z.string(),
  role: z.string(),
  sip_uri: z.string().nullable(),
  state: z.string().nullable(),
  since: z.date().nullable(),
  /** The desk's lease (null once signed out): past it, the desk is gone. */
  alive_until: z.date().nullable(),
  /** Since when, and until when, the agent holds a live claim or has a conversation open (null: none). */
  social_since: z.date().nullable(),
  social_until: z.date().nullable(),
  server_now: z.date(),
});
export type BoardRow = z.infer<typeof BoardRow>;

/** The supervisor's read; an agent's login is refused by the database (42501: the function is granted to supervisors only). */
export async function readSupervisorBoard(db: Queryable): Promise<BoardRow[]> {
  const result = await db.query('select * from supervisor_board()');
  return result.rows.map((row) => BoardRow.parse(row));
}

/** Whether this login is a supervisor, as the database sees it (the desk's profile role is not trusted). */
export async function isSupervisorLogin(db: Queryable): Promise<boolean> {
  const result = await db.query("select pg_has_role(current_user, 'tandem_supervisor', 'member') as supervisor");
  return z.object({ supervisor: z.boolean() }).parse(result.rows[0]).supervisor;
}
