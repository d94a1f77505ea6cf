import * as z from 'zod';
import { TEAM_HISTORY_TABLES, TeamRowChange, type TeamHistoryTable } from '@tandem/contract';
import type { Logger } from '../log/logger';

/** What reading rows needs of a session logged in as the agent (the feed's). */
export interface RowReader {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A change the feed handed out: which row, at which point of the team's sequence. */
export interface RowRef {
  readonly table: string;
  readonly id: string;
  readonly seq: number;
}

export const isHistoryTable = (table: string): table is TeamHistoryTable => (TEAM_HISTORY_TABLES as readonly string[]).includes(table);

/** Epoch ms of a timestamptz column, as a float8 pg hands back as a number. */
const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;
const author = (column: string) => `json_build_object('id', ${column}, 'name', coalesce((select a.name from agents a where a.id = ${column}), ${column}))`;

/**
 * One statement per table, by id. Author names come from `agents` in the same
 * read, so a desk shows "Ana Ruiz" for a note without a table of its own.
 * Each runs under the agent's login: row-level security decides what it sees.
 */
const READS: Record<TeamHistoryTable, string> = {
  customers: `select id, seq, name, created_by, ${ms('created_at')} as created_at, ${ms('updated_at')} as updated_at, merged_into from customers where id = any($1::text[])`,
  identities: `select id, seq, customer_id, kind, value, did, status, verified_how, ${ms('verified_at')} as verified_at,
      case when verified_by is null then null else ${author('verified_by')} end as verified_by,
      claim_handle, claim_did, claim_phone, claim_evidence_uri, ${ms('claim_at')} as claim_at
    from identities where id = any($1::text[])`,
  interactions: `select id, seq, customer_id, channel, direction, ${ms('at')} as at, summary, wrap_up_code, call_id, conversation_id, uri, ${author('author')} as author
    from interactions where id = any($1::text[])`,
  notes: `select id, seq, customer_id, call_id, text, important, ${author('author')} as author, ${ms('created_at')} as created_at, ${ms('updated_at')} as updated_at
    from notes where id = any($1::text[])`,
};

const Seq = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\d{1,18}$/)
    .transform(Number),
]);
const Millis = z.number().transform((value) => Math.max(0, Math.round(value)));
const NullableMillis = z
  .number()
  .nullable()
  .transform((value) => (value === null ? null : Math.max(0, Math.round(value))));

/** Each table's row as pg returns it, mapped to the contract's shape (camelCase, epoch ms). */
const MAPPERS: Record<TeamHistoryTable, z.ZodType<{ id: string; seq: number; row: unknown }>> = {
  customers: z
    .object({ id: z.string(), seq: Seq, name: z.string(), created_by: z.string(), created_at: Millis, updated_at: Millis, merged_into: z.string().nullable() })
    .transform((r) => ({
      id: r.id,
      seq: r.seq,
      // Only a merged customer says into whom (the field is absent otherwise).
      row: {
        name: r.name,
        createdBy: r.created_by,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        ...(r.merged_into === null ? {} : { mergedInto: r.merged_into }),
      },
    })),
  identities: z
    .object({
      id: z.string(),
      seq: Seq,
      customer_id: z.string(),
      kind: z.string(),
      value: z.string(),
      did: z.string().nullable(),
      status: z.string(),
      verified_by: z.unknown(),
      verified_how: z.string().nullable(),
      verified_at: NullableMillis,
      claim_handle: z.string().nullable(),
      claim_did: z.string().nullable(),
      claim_phone: z.string().nullable(),
      claim_evidence_uri: z.string().nullable(),
      claim_at: NullableMillis,
    })
    .transform((r) => ({
      id: r.id,
      seq: r.seq,
      row: {
        customerId: r.customer_id,
        kind: r.kind,
        value: r.value,
        did: r.did,
        status: r.status,
        verifiedBy: r.verified_by,
        verifiedHow: r.verified_how,
        verifiedAt: r.verified_at,
        // Only a claimed link says who claimed it; a claim the team kept without its evidence (written before schema 6) has none.
        claim:
          r.status === 'claimed' && r.claim_handle !== null && r.claim_at !== null
            ? { handle: r.claim_handle, did: r.claim_did ?? '', phone: r.claim_phone, evidenceUri: r.claim_evidence_uri ?? '', at: r.claim_at }
            : null,
      },
    })),
  interactions: z
    .object({
      id: z.string(),
      seq: Seq,
      customer_id: z.string().nullable(),
      channel: z.string(),
      direction: z.string(),
      at: Millis,
      summary: z.string(),
      wrap_up_code: z.string().nullable(),
      call_id: z.string().nullable(),
      conversation_id: z.string().nullable(),
      uri: z.string().nullable(),
      author: z.unknown(),
    })
    .transform((r) => ({
      id: r.id,
      seq: r.seq,
      row: {
        customerId: r.customer_id,
        channel: r.channel,
        direction: r.direction,
        at: r.at,
        summary: r.summary,
        wrapUpCode: r.wrap_up_code,
        callId: r.call_id,
        conversationId: r.conversation_id,
        uri: r.uri,
        author: r.author,
      },
    })),
  notes: z
    .object({
      id: z.string(),
      seq: Seq,
      customer_id: z.string(),
      call_id: z.string().nullable(),
      text: z.string(),
      important: z.boolean(),
      author: z.unknown(),
      created_at: Millis,
      updated_at: Millis,
    })
    .transform((r) => ({
      id: r.id,
      seq: r.seq,
      row: {
        customerId: r.customer_id,
        callId: r.call_id,
        text: r.text,
        important: r.important,
        author: r.author,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      },
    })),
};

/** Maps one row pg returned for `table` to the contract's change; undefined (and logged) when it does not fit. */
export function mapTeamRow(table: TeamHistoryTable, raw: unknown, log?: Logger): TeamRowChange | undefined {
  const mapped = MAPPERS[table].safeParse(raw);
  const change = mapped.success ? TeamRowChange.safeParse({ table, ...mapped.data }) : undefined;
  if (change?.success === true) return change.data;
  // A row this build cannot show (a kind of identity it does not know): the rest of the batch goes on.
  log?.warn('team: a history row did not fit the contract; skipped', { table });
  return undefined;
}

/**
 * The current rows for changes the feed announced (NOTIFY payloads are hints:
 * content always comes from this read). A row that is no longer there comes
 * back as `row: null` at its change's seq, so a cache deletes it. Changes to
 * other tables are not this module's. The result is in seq order.
 */
export async function readTeamRows(db: RowReader, refs: readonly RowRef[], log?: Logger): Promise<TeamRowChange[]> {
  const latest = new Map<string, RowRef & { table: TeamHistoryTable }>();
  for (const ref of refs) {
    if (!isHistoryTable(ref.table)) continue;
    const key = `${ref.table}\u0000${ref.id}`;
    const known = latest.get(key);
    if (known === undefined || known.seq < ref.seq) latest.set(key, { ...ref, table: ref.table });
  }
  const out: TeamRowChange[] = [];
  for (const table of TEAM_HISTORY_TABLES) {
    const wanted = [...latest.values()].filter((ref) => ref.table === table);
    if (wanted.length === 0) continue;
    const { rows } = await db.query(READS[table], [wanted.map((ref) => ref.id)]);
    const found = new Map<string, TeamRowChange>();
    for (const raw of rows) {
      const change = mapTeamRow(table, raw, log);
      if (change !== undefined) found.set(change.id, change);
    }
    for (const ref of wanted) {
      const row = found.get(ref.id);
      // A row found is as new as it is now: its own seq, never lower than the change that named it.
      out.push(row ?? { table, id: ref.id, seq: ref.seq, row: null });
    }
  }
  return out.sort((a, b) => a.seq - b.seq);
}

const CHANGES_SINCE = 'select seq, table_name, row_id from team_changes where seq > $1 and table_name = any($3::text[]) order by seq limit $2';
const ChangeRow = z.object({ seq: Seq, table_name: z.string(), row_id: z.string() });

/** A page of the history changed after `after`: the rows as they are now, and how far the page reached. */
export async function readTeamRowsSince(
  db: RowReader,
  after: number,
  limit: number,
  log?: Logger,
): Promise<{ rows: TeamRowChange[]; through: number; done: boolean }> {
  const { rows } = await db.query(CHANGES_SINCE, [after, limit, [...TEAM_HISTORY_TABLES]]);
  const refs = rows.map((row) => {
    const parsed = ChangeRow.parse(row);
    return { table: parsed.table_name, id: parsed.row_id, seq: parsed.seq };
  });
  return { rows: await readTeamRows(db, refs, log), through: refs.at(-1)?.seq ?? after, done: refs.length < limit };
}
