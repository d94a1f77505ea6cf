/**
 * Every write advances the team's sequence and announces itself: a NOTIFY on
 * `tandem_changes` with the table, the row's id and its seq (never its
 * content), and a row in `team_changes` from which a desk that was away
 * catches up in order.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertLoopbackOnly } from '../../peers/netns';
import { step } from '../support/step';
import { startTeamCluster, type TeamCluster } from './support/teamCluster';

const DB = 'team_feed';
/** The desks' catch-up query (docs/ARCHITECTURE.md, "The team database"). */
const CATCH_UP = 'select seq, table_name, row_id from team_changes where seq > $1 order by seq limit $2';

let cluster: TeamCluster;
let admin: pg.Pool;
let ana: pg.Pool;
let ben: pg.Pool;

interface Change {
  readonly table: string;
  readonly id: string;
  readonly seq: number;
}

/** Ana's desk listening on one connection of its own. */
async function listen(): Promise<{ payloads: string[]; close: () => void }> {
  const client = await ana.connect();
  const payloads: string[] = [];
  client.on('notification', (message) => {
    if (message.channel === 'tandem_changes') payloads.push(message.payload ?? '');
  });
  await client.query('listen tandem_changes');
  // The connection is thrown away, not returned to the pool, as a dropped LISTEN connection is.
  return { payloads, close: () => client.release(true) };
}

async function seqOf(table: 'notes' | 'customers', id: string): Promise<number> {
  const row = await admin.query<{ seq: string }>(`select seq from ${table} where id = $1`, [id]);
  return Number(row.rows[0]?.seq);
}

async function lastSeq(): Promise<number> {
  const row = await admin.query<{ seq: string | null }>('select max(seq) as seq from team_changes');
  return Number(row.rows[0]?.seq ?? 0);
}

beforeAll(async () => {
  assertLoopbackOnly();
  cluster = await startTeamCluster();
  admin = await cluster.teamDatabase(DB);
  ana = cluster.as(DB, await cluster.addAgent(DB, 'ana', 'Ana Ruiz', 'agent'));
  ben = cluster.as(DB, await cluster.addAgent(DB, 'ben', 'Ben Okafor', 'agent'));
  await admin.query("insert into customers (id, name) values ('carla', 'Carla Diaz')");
});

afterAll(async () => {
  await cluster?.close();
});

describe('Change feed', () => {
  it("Ben writes a note: Ana's desk is told the table, id and seq, and nothing of the note", async () => {
    const desk = await listen();
    try {
      const secret = 'Carla card ends 4242';
      await ben.query('insert into notes (id, customer_id, text, seq) values ($1, $2, $3, 1)', ['note-1', 'carla', secret]);

      await expect.poll(() => desk.payloads.length, { timeout: 5_000, interval: 10 }).toBe(1);
      const payload = desk.payloads[0] ?? '';
      const change = JSON.parse(payload) as Change;
      expect(Object.keys(change).sort()).toEqual(['id', 'seq', 'table']);
      expect(change).toEqual({ table: 'notes', id: 'note-1', seq: await seqOf('notes', 'note-1') });
      // The seq Ben sent is overwritten by the team's sequence.
      expect(change.seq).toBeGreaterThan(1);
      expect(payload).not.toContain('4242');
      expect(payload).not.toContain('Carla');

      await step('an edit and a delete are announced too, each with a higher seq', async () => {
        await ben.query("update notes set text = 'Carla called back' where id = 'note-1'");
        await ben.query("delete from notes where id = 'note-1'");
        await expect.poll(() => desk.payloads.length, { timeout: 5_000, interval: 10 }).toBe(3);
        const changes = desk.payloads.map((text) => JSON.parse(text) as Change);
        expect(changes.map(({ table, id }) => `${table}/${id}`)).toEqual(['notes/note-1', 'notes/note-1', 'notes/note-1']);
        expect(changes.map((entry) => entry.seq)).toEqual([...changes.map((entry) => entry.seq)].sort((a, b) => a - b));
        expect(new Set(changes.map((entry) => entry.seq)).size).toBe(3);
        expect(desk.payloads.join('')).not.toContain('called back');
      });
    } finally {
      desk.close();
    }
  });

  it("Ana's connection drops while Ben works; on reconnect she catches up in order after the last seq she saw", async () => {
    const seen = await lastSeq();

    await step("Ana's LISTEN connection is gone while Ben writes three changes", async () => {
      const desk = await listen();
      desk.close();
      await ben.query("update customers set name = 'Carla Díaz Pons', updated_at = now() where id = 'carla'");
      await ben.query("insert into notes (id, customer_id, text) values ('note-2', 'carla', 'Wants a callback')");
      await ben.query("insert into identities (id, customer_id, kind, value, status) values ('id-1', 'carla', 'bluesky', 'carla.test', 'unverified')");
    });

    const missed = await step('she reads the changes after her last seq, two at a time', async () => {
      const pages: { seq: string; table_name: string; row_id: string }[][] = [];
      let after = seen;
      for (;;) {
        const page = await ana.query<{ seq: string; table_name: string; row_id: string }>(CATCH_UP, [after, 2]);
        if (page.rows.length === 0) break;
        pages.push(page.rows);
        after = Number(page.rows.at(-1)?.seq);
      }
      expect(pages.map((page) => page.length)).toEqual([2, 1]);
      return pages.flat();
    });

    await step('the changes are exactly the three writes, in the order they were made', () => {
      expect(missed.map((change) => `${change.table_name}/${change.row_id}`)).toEqual(['customers/carla', 'notes/note-2', 'identities/id-1']);
      const seqs = missed.map((change) => Number(change.seq));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(seqs[0]).toBeGreaterThan(seen);
    });

    await step("each change's seq is the row's current seq, so reading the row by id is enough", async () => {
      expect(Number(missed[0]?.seq)).toBe(await seqOf('customers', 'carla'));
      expect(Number(missed[1]?.seq)).toBe(await seqOf('notes', 'note-2'));
    });
  });
});
