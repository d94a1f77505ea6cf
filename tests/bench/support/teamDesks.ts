/**
 * Desks of the team bench, reduced to what the change feed asks of them: one
 * connection LISTENing on `tandem_changes` as the desk's own agent login, and,
 * on each notification, the changed row read by id under that login (the
 * stand-in for "applied in the desk's cache"). All desks live in this one
 * Node process, so their figures include queueing in one event loop that real
 * desks, each in its own process, do not share.
 */
import pg from 'pg';
import * as z from 'zod';
import type { AgentLogin } from '../../integration/team/support/teamCluster';
import { LOOPBACK } from '../../peers/ports';

export const CHANNEL = 'tandem_changes';

/** The notification's payload (docs/ARCHITECTURE.md, "The team database"): never row content. */
const Change = z.object({ table: z.string(), id: z.string(), seq: z.number() });
const NoteRow = z.object({ id: z.string(), text: z.string(), author: z.string(), seq: z.string() });

export interface Desk {
  readonly index: number;
  readonly agent: AgentLogin;
  readonly client: pg.Client;
}

/** One note written by the writer desk, awaited by every other desk. */
interface Round {
  readonly id: string;
  readonly text: string;
  readonly author: string;
  readonly startedAt: number;
  readonly waiting: Set<number>;
  /** Per desk, ms from the write to: the NOTIFY received, the row read. */
  readonly notified: number[];
  readonly applied: number[];
  done(): void;
  fail(error: Error): void;
}

export interface RoundFigures {
  readonly insertMs: number;
  readonly notified: readonly number[];
  readonly applied: readonly number[];
}

export interface Target {
  readonly port: number;
  readonly database: string;
}

/** A fan-out of desks, each with its LISTEN connection, and the one round in flight. */
export class DeskFleet {
  readonly desks: Desk[] = [];
  private round: Round | null = null;

  constructor(private readonly target: Target) {}

  /** Connects the desks for `agents` (in batches: 200 SCRAM logins at once only measure the fork storm). */
  async connect(agents: readonly AgentLogin[], batch = 10): Promise<void> {
    const first = this.desks.length;
    for (let start = 0; start < agents.length; start += batch) {
      const added = await Promise.all(agents.slice(start, start + batch).map((agent, offset) => this.connectDesk(agent, first + start + offset)));
      this.desks.push(...added.sort((a, b) => a.index - b.index));
    }
  }

  private async connectDesk(agent: AgentLogin, index: number): Promise<Desk> {
    const client = new pg.Client({ host: LOOPBACK, port: this.target.port, database: this.target.database, user: agent.id, password: agent.password });
    client.on('error', (error) => this.round?.fail(new Error(`desk ${agent.id}'s connection failed: ${error.message}`)));
    client.on('notification', (message) => {
      if (message.channel === CHANNEL) this.received(index, client, message.payload ?? '');
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    return { index, agent, client };
  }

  private received(index: number, client: pg.Client, payload: string): void {
    const round = this.round;
    if (round === null || !round.waiting.has(index)) return;
    const notifiedAt = performance.now();
    const change = Change.safeParse(JSON.parse(payload));
    if (!change.success) return round.fail(new Error(`desk ${index}: unexpected payload ${payload}`));
    if (change.data.table !== 'notes' || change.data.id !== round.id) return;
    client.query('select id, text, author, seq from notes where id = $1', [change.data.id]).then(
      (result) => {
        const row = NoteRow.safeParse(result.rows[0]);
        if (!row.success || row.data.text !== round.text || row.data.author !== round.author || Number(row.data.seq) !== change.data.seq) {
          round.fail(new Error(`desk ${index} read ${JSON.stringify(result.rows[0])} for ${payload}`));
          return;
        }
        round.notified.push(notifiedAt - round.startedAt);
        round.applied.push(performance.now() - round.startedAt);
        round.waiting.delete(index);
        if (round.waiting.size === 0) round.done();
      },
      (error: unknown) => round.fail(new Error(`desk ${index} could not read ${change.data.id}: ${String(error)}`)),
    );
  }

  /**
   * The first desk writes a note through the real schema (its own pool, not its
   * LISTEN connection); resolves when every other desk has read it back.
   */
  async change(writer: pg.Pool, writerId: string, customerId: string, id: string, timeoutMs = 30_000): Promise<RoundFigures> {
    if (this.round !== null) throw new Error('a round is already in flight');
    const text = `bench change ${id}`;
    let settle: { done: () => void; fail: (error: Error) => void } = { done: () => undefined, fail: () => undefined };
    const settled = new Promise<void>((resolve, reject) => {
      settle = { done: resolve, fail: reject };
    });
    const waiting = new Set(this.desks.filter((desk) => desk.agent.id !== writerId).map((desk) => desk.index));
    const startedAt = performance.now();
    const round: Round = {
      id,
      text,
      author: writerId,
      startedAt,
      waiting,
      notified: [],
      applied: [],
      done: () => settle.done(),
      fail: (error) => settle.fail(error),
    };
    this.round = round;
    const timer = setTimeout(() => round.fail(new Error(`change ${id}: ${waiting.size} desks never read it within ${timeoutMs} ms`)), timeoutMs);
    try {
      await writer.query('insert into notes (id, customer_id, text) values ($1, $2, $3)', [id, customerId, text]);
      const insertMs = performance.now() - startedAt;
      await settled;
      return { insertMs, notified: round.notified, applied: round.applied };
    } finally {
      clearTimeout(timer);
      this.round = null;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.desks.map((desk) => desk.client.end().catch(() => undefined)));
    this.desks.length = 0;
  }
}

/** Each team table's id column, as the change feed names rows (migration 0001). */
const ID_COLUMN: Readonly<Record<string, string>> = {
  agents: 'id',
  customers: 'id',
  identities: 'id',
  interactions: 'id',
  notes: 'id',
  conversations: 'id',
  social_items: 'uri',
  social_outbox: 'id',
  agent_states: 'agent_id',
  ingest_cursor: 'account_id',
};

/** The desks' catch-up query (docs/ARCHITECTURE.md, "The team database"). */
const CATCH_UP = 'select seq, table_name, row_id from team_changes where seq > $1 order by seq limit $2';
const ChangeRow = z.object({ seq: z.string(), table_name: z.string(), row_id: z.string() });

export interface CatchUpFigures {
  readonly totalMs: number;
  readonly connectMs: number;
  readonly pageMs: readonly number[];
  readonly changes: number;
  readonly rows: number;
  readonly lastSeq: number;
}

/**
 * A desk coming back: connects as its agent, LISTENs first (so nothing that
 * happens during the catch-up is lost), then pages through the changes after
 * the last seq it saw and reads each page's rows by id, one query per table.
 */
export async function catchUp(target: Target, agent: AgentLogin, after: number, pageSize = 1000): Promise<CatchUpFigures> {
  const startedAt = performance.now();
  const client = new pg.Client({ host: LOOPBACK, port: target.port, database: target.database, user: agent.id, password: agent.password });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    const connectMs = performance.now() - startedAt;
    const pageMs: number[] = [];
    let last = after;
    let changes = 0;
    let rows = 0;
    for (;;) {
      const pageAt = performance.now();
      const page = z.array(ChangeRow).parse((await client.query(CATCH_UP, [last, pageSize])).rows);
      if (page.length === 0) break;
      const byTable = new Map<string, Set<string>>();
      for (const change of page) byTable.set(change.table_name, (byTable.get(change.table_name) ?? new Set()).add(change.row_id));
      for (const [table, ids] of byTable) {
        const column = Object.hasOwn(ID_COLUMN, table) ? ID_COLUMN[table] : undefined;
        if (column === undefined) throw new Error(`catch-up: unknown table ${table}`);
        const read = await client.query(`select * from ${pg.escapeIdentifier(table)} where ${pg.escapeIdentifier(column)} = any($1::text[])`, [[...ids]]);
        // The bench deletes nothing: every changed row must still be there.
        if (read.rowCount !== ids.size) throw new Error(`catch-up: ${table} returned ${read.rowCount} rows for ${ids.size} ids`);
        rows += ids.size;
      }
      changes += page.length;
      last = Number(page.at(-1)?.seq);
      pageMs.push(performance.now() - pageAt);
      if (page.length < pageSize) break;
    }
    return { totalMs: performance.now() - startedAt, connectMs, pageMs, changes, rows, lastSeq: last };
  } finally {
    await client.end().catch(() => undefined);
  }
}
