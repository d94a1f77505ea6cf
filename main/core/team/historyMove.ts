import type { PoolClient } from 'pg';
import type { JoinBatch, JoinBatchOutcome, JoinCall, JoinCustomer, JoinCustomerOutcome, JoinIdentity, JoinNote, JoinRefusal } from '@tandem/contract';

/**
 * Writes one batch of a desk's own history into the team database (first
 * join, contract/teamJoin.ts), on a session logged in as the agent: row-level
 * security decides as for any other write (authors are `current_user`).
 *
 * Dedupe by identity: a local customer one of whose identities (kind +
 * value, or a Bluesky DID) already belongs to a team customer is merged into
 * it: its identities are linked there and its notes and calls follow (the
 * renderer sends them with the team id this answer gives). If several team
 * customers match, the one with a verified match wins, then the oldest.
 *
 * Idempotent: customers keep their local id, identities get
 * `teamCustomerId|kind|value`, notes and calls their local id, and every
 * insert is `on conflict do nothing`. A batch runs in one transaction under
 * an advisory lock, so two desks joining at once cannot both create the
 * same person.
 */
export type MoveSession = Pick<PoolClient, 'query'>;

const JOIN_LOCK = `select pg_advisory_xact_lock(hashtext('tandem:join'))`;
const ms = (index: number) => `to_timestamp($${index}::double precision / 1000)`;

/** A refusal's reason: the SQLSTATE only (never the server's text, which may quote the row). */
const sqlState = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};
const reasonOf = (error: unknown): string => {
  const code = sqlState(error);
  return code === undefined ? 'error' : `sqlstate:${code}`;
};
/** Errors that are about the row (data, constraint, privilege or policy): refuse it and go on. Anything else aborts the batch. */
const isRowRefusal = (error: unknown): boolean => /^(22|23|42)/.test(sqlState(error) ?? '');

export async function moveBatch(db: MoveSession, batch: JoinBatch): Promise<JoinBatchOutcome> {
  await db.query('begin');
  try {
    await db.query(JOIN_LOCK);
    const outcome = batch.phase === 'customers' ? await moveCustomers(db, batch.customers) : await moveHistory(db, batch.notes, batch.calls);
    await db.query('commit');
    return outcome;
  } catch (error: unknown) {
    await db.query('rollback').catch(() => undefined);
    throw error;
  }
}

/** Runs `work` in a savepoint: a refused row rolls back alone and is reported, the batch goes on. */
async function guarded<T>(db: MoveSession, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; reason: string }> {
  await db.query('savepoint join_row');
  try {
    const value = await work();
    await db.query('release savepoint join_row');
    return { ok: true, value };
  } catch (error: unknown) {
    if (!isRowRefusal(error)) throw error;
    await db.query('rollback to savepoint join_row');
    return { ok: false, reason: reasonOf(error) };
  }
}

interface TeamMatch {
  readonly customer_id: string;
  readonly name: string;
  readonly kind: string;
  readonly value: string;
}

async function findMatch(db: MoveSession, identities: readonly JoinIdentity[]): Promise<TeamMatch | undefined> {
  if (identities.length === 0) return undefined;
  const dids = identities.flatMap((identity) => (identity.kind === 'bluesky' && identity.did !== null ? [identity.did] : []));
  const { rows } = await db.query<TeamMatch>(
    `select i.customer_id, c.name, i.kind, i.value
       from identities i join customers c on c.id = i.customer_id
      where (i.kind, i.value) in (select * from unnest($1::text[], $2::text[]))
         or (i.kind = 'bluesky' and i.did = any($3::text[]))
      order by (i.status = 'verified') desc, c.created_at, c.id
      limit 1`,
    [identities.map((identity) => identity.kind), identities.map((identity) => identity.value), dids],
  );
  return rows[0];
}

async function linkIdentity(db: MoveSession, customerId: string, identity: JoinIdentity): Promise<boolean> {
  const verified = identity.status === 'verified';
  // A claimed link moves with who claimed it, how and when; never with a verification.
  const claim = identity.status === 'claimed' ? identity.claim : null;
  const { rowCount } = await db.query(
    `insert into identities (id, customer_id, kind, value, did, status, verified_by, verified_how, verified_at,
                             claim_handle, claim_did, claim_phone, claim_evidence_uri, claim_at)
     values ($1, $2, $3, $4, $5, $6, case when $6 = 'verified' then current_user end, $7,
             case when $8::double precision is null then null else ${ms(8)} end,
             $9, $10, $11, $12, case when $13::double precision is null then null else ${ms(13)} end)
     on conflict do nothing`,
    [
      `${customerId}|${identity.kind}|${identity.value}`,
      customerId,
      identity.kind,
      identity.value,
      identity.did,
      identity.status,
      verified ? identity.verifiedHow : null,
      verified ? identity.verifiedAt : null,
      claim?.handle ?? null,
      claim?.did ?? null,
      claim?.phone ?? null,
      claim?.evidenceUri ?? null,
      claim?.at ?? null,
    ],
  );
  return rowCount === 1;
}

async function moveCustomer(db: MoveSession, customer: JoinCustomer, refused: JoinRefusal[]): Promise<JoinCustomerOutcome | undefined> {
  const existing = await db.query<{ name: string }>('select name from customers where id = $1', [customer.id]);
  let outcome: Omit<JoinCustomerOutcome, 'identitiesLinked'>;
  const present = existing.rows[0];
  if (present !== undefined) {
    outcome = { localId: customer.id, outcome: 'present', teamId: customer.id, teamName: present.name, matchedBy: null };
  } else {
    const match = await findMatch(db, customer.identities);
    if (match !== undefined) {
      outcome = { localId: customer.id, outcome: 'merged', teamId: match.customer_id, teamName: match.name, matchedBy: `${match.kind}:${match.value}` };
    } else {
      const created = await guarded(db, () =>
        db.query(`insert into customers (id, name, created_by, created_at, updated_at) values ($1, $2, current_user, ${ms(3)}, ${ms(3)})`, [
          customer.id,
          customer.name,
          customer.createdAt,
        ]),
      );
      if (!created.ok) {
        refused.push({ table: 'customers', id: customer.id, reason: created.reason });
        return undefined;
      }
      outcome = { localId: customer.id, outcome: 'created', teamId: customer.id, teamName: customer.name, matchedBy: null };
    }
  }
  let identitiesLinked = 0;
  for (const identity of customer.identities) {
    const linked = await guarded(db, () => linkIdentity(db, outcome.teamId, identity));
    if (!linked.ok) refused.push({ table: 'identities', id: `${outcome.teamId}|${identity.kind}|${identity.value}`, reason: linked.reason });
    else if (linked.value) identitiesLinked += 1;
  }
  return { ...outcome, identitiesLinked };
}

async function moveCustomers(db: MoveSession, customers: readonly JoinCustomer[]): Promise<JoinBatchOutcome> {
  const refused: JoinRefusal[] = [];
  const outcomes: JoinCustomerOutcome[] = [];
  // One at a time, in order: a later customer of the same batch sharing an identity merges into the one just created.
  for (const customer of customers) {
    const outcome = await moveCustomer(db, customer, refused);
    if (outcome !== undefined) outcomes.push(outcome);
  }
  return { phase: 'customers', customers: outcomes, refused };
}

const NOTE_INSERT = `insert into notes (id, customer_id, call_id, text, author, created_at, updated_at)
  select id, customer_id, call_id, text, current_user, to_timestamp(at / 1000), to_timestamp(at / 1000)
    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::double precision[]) as n (id, customer_id, call_id, text, at)
  on conflict (id) do nothing`;
const CALL_INSERT = `insert into interactions (id, customer_id, channel, direction, at, summary, wrap_up_code, call_id, uri, conversation_id, author)
  select id, customer_id, 'call', direction, to_timestamp(at / 1000), summary, wrap_up_code, call_id, uri, conversation_id, current_user
    from unnest($1::text[], $2::text[], $3::text[], $4::double precision[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
      as c (id, customer_id, direction, at, summary, wrap_up_code, call_id, uri, conversation_id)
  on conflict (id) do nothing`;

const noteColumns = (notes: readonly JoinNote[]) => [
  notes.map((note) => note.id),
  notes.map((note) => note.customerId),
  notes.map((note) => note.callId),
  notes.map((note) => note.text),
  notes.map((note) => note.createdAt),
];
const callColumns = (calls: readonly JoinCall[]) => [
  calls.map((call) => call.id),
  calls.map((call) => call.customerId),
  calls.map((call) => call.direction),
  calls.map((call) => call.at),
  calls.map((call) => call.summary),
  calls.map((call) => call.wrapUpCode),
  calls.map((call) => call.callId),
  calls.map((call) => call.uri),
  calls.map((call) => call.conversationId),
];

/**
 * Inserts rows in one statement; if the database refuses it, row by row so
 * only the refused ones stay out. Counts what is in the team afterwards under
 * the batch's ids and this agent's name (written now or by an earlier try).
 */
async function insertRows<Row extends { id: string }>(
  db: MoveSession,
  table: 'notes' | 'interactions',
  rows: readonly Row[],
  statement: string,
  columns: (rows: readonly Row[]) => unknown[][],
  refused: JoinRefusal[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const whole = await guarded(db, () => db.query(statement, columns(rows)));
  if (!whole.ok) {
    for (const row of rows) {
      const one = await guarded(db, () => db.query(statement, columns([row])));
      if (!one.ok) refused.push({ table, id: row.id, reason: one.reason });
    }
  }
  const ids = rows.map((row) => row.id);
  const { rows: mine } = await db.query<{ id: string }>(`select id from ${table} where id = any($1::text[]) and author = current_user`, [ids]);
  const ours = new Set(mine.map((row) => row.id));
  const refusedIds = new Set(refused.filter((refusal) => refusal.table === table).map((refusal) => refusal.id));
  // An id already used in the team by someone else: not ours to overwrite.
  for (const id of ids) if (!ours.has(id) && !refusedIds.has(id)) refused.push({ table, id, reason: 'id-taken' });
  return ours.size;
}

async function moveHistory(db: MoveSession, notes: readonly JoinNote[], calls: readonly JoinCall[]): Promise<JoinBatchOutcome> {
  const refused: JoinRefusal[] = [];
  const movedNotes = await insertRows(db, 'notes', notes, NOTE_INSERT, noteColumns, refused);
  const movedCalls = await insertRows(db, 'interactions', calls, CALL_INSERT, callColumns, refused);
  return { phase: 'history', notes: movedNotes, calls: movedCalls, refused };
}
