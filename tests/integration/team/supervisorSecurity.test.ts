/**
 * The supervisor view's data is guarded by the database, not by the desk
 * (issue 16): an agent's own login, with plain SQL, cannot read the board or
 * another agent's state history, cannot set anyone else's state or fake when
 * it started, and cannot keep a vanished desk "alive" for long. A supervisor
 * reads everyone.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSupervisorBoard, renewLease, setAvailability, signOut, type BoardRow } from '../../../main/core/team/agentStates';
import { assertLoopbackOnly } from '../../peers/netns';
import { step } from '../support/step';
import { startTeamCluster, type TeamCluster } from './support/teamCluster';

const DB = 'team_supervisor';

let cluster: TeamCluster;
let admin: pg.Pool;
let ana: pg.Pool;
let ben: pg.Pool;
let sam: pg.Pool;

/** SQLSTATE of a refused statement (42501: privilege or row-level security). */
async function refusal(query: Promise<unknown>): Promise<string> {
  try {
    await query;
  } catch (error: unknown) {
    return String((error as { code?: unknown }).code);
  }
  throw new Error('the statement was accepted');
}

beforeAll(async () => {
  assertLoopbackOnly();
  cluster = await startTeamCluster();
  admin = await cluster.teamDatabase(DB);
  ana = cluster.as(DB, await cluster.addAgent(DB, 'ana', 'Ana Ruiz', 'agent'));
  ben = cluster.as(DB, await cluster.addAgent(DB, 'ben', 'Ben Okafor', 'agent'));
  sam = cluster.as(DB, await cluster.addAgent(DB, 'sam', 'Sam Lee', 'supervisor'));
});

afterAll(async () => {
  await cluster?.close();
});

/** A desk is alive while its lease runs, on the database's own clock. */
const alive = (row: BoardRow): boolean => row.alive_until !== null && row.alive_until > row.server_now;

describe("Availability and the supervisor's board in the team database", () => {
  it('Ana goes on a break and back; the database stamps when, and keeps the history', async () => {
    await step('Ana becomes available, then takes a break', async () => {
      await setAvailability(ana, 'available');
      const onBreak = await setAvailability(ana, 'break');
      expect(onBreak.state).toBe('break');
    });
    await step('renewing her lease does not restart her time in state', async () => {
      const before = await admin.query<{ since: Date }>("select since from agent_states where agent_id = 'ana'");
      expect(await renewLease(ana)).toBe(true);
      const after = await admin.query<{ since: Date }>("select since from agent_states where agent_id = 'ana'");
      expect(after.rows[0]?.since.getTime()).toBe(before.rows[0]?.since.getTime());
    });
    await step('Ana reads her own history, in order', async () => {
      const history = await ana.query<{ state: string }>('select state from agent_state_history order by id');
      expect(history.rows.map((row) => row.state)).toEqual(['available', 'break']);
    });
  });

  it("an agent's login is refused the board and other agents' history, with plain SQL", async () => {
    await setAvailability(ben, 'available');
    await step('Ben calls the board function: permission denied', async () => {
      expect(await refusal(ben.query('select * from supervisor_board()'))).toBe('42501');
      expect(await refusal(readSupervisorBoard(ben))).toBe('42501');
    });
    await step("Ben reads the history table: only his own rows, none of Ana's", async () => {
      const rows = await ben.query<{ agent_id: string }>('select distinct agent_id from agent_state_history');
      expect(rows.rows).toEqual([{ agent_id: 'ben' }]);
    });
    await step('Ben cannot write history, nor set Ana’s state, nor fake the start of his own', async () => {
      expect(await refusal(ben.query("insert into agent_state_history (agent_id, state, started_at) values ('ben', 'available', now())"))).toBe('42501');
      const update = await ben.query("update agent_states set state = 'away' where agent_id = 'ana'");
      expect(update.rowCount).toBe(0);
      expect(await refusal(ben.query("insert into agent_states (agent_id, state) values ('ana', 'away')"))).toBe('42501');
      await ben.query("update agent_states set since = '2000-01-01' where agent_id = 'ben'");
      const since = await admin.query<{ since: Date }>("select since from agent_states where agent_id = 'ben'");
      expect(since.rows[0]?.since.getFullYear()).toBeGreaterThan(2000);
    });
    await step('Ben cannot keep his desk alive for an hour, nor choose a state that does not exist', async () => {
      expect(await refusal(ben.query("update agent_states set alive_until = now() + interval '1 hour' where agent_id = 'ben'"))).toBe('42501');
      expect(await refusal(ben.query("update agent_states set state = 'asleep' where agent_id = 'ben'"))).toBe('23514');
    });
  });

  it('Sam, a supervisor, reads the board and everyone’s history; a signed-out or lapsed desk is not alive', async () => {
    await step('the board lists every agent with state and liveness', async () => {
      const board = await readSupervisorBoard(sam);
      expect(board.map((row) => [row.agent_id, row.state, alive(row)])).toEqual([
        ['ana', 'break', true],
        ['ben', 'available', true],
        ['sam', null, false],
      ]);
    });
    await step('Ben takes a claim on a conversation: the board says since when, stamped by the database, and until when', async () => {
      await admin.query("insert into conversations (id, account_id, last_item_at) values ('conv-1', 'bluesky:acme.test', now())");
      await ben.query("update conversations set handler = 'ben', status = 'open', lease_until = now() + interval '10 minutes' where id = 'conv-1'");
      expect(await refusal(ben.query("update conversations set handled_since = '2000-01-01' where id = 'conv-1'"))).toBe('42501');
      const row = (await readSupervisorBoard(sam)).find((candidate) => candidate.agent_id === 'ben');
      expect(row?.social_since?.getTime()).toBeLessThanOrEqual(row?.server_now.getTime() ?? 0);
      expect(row?.social_since?.getFullYear()).toBeGreaterThan(2000);
      expect(row?.social_until?.getTime()).toBeGreaterThan(row?.server_now.getTime() ?? Infinity);
      await ben.query("update conversations set handler = null, lease_until = null where id = 'conv-1'");
      const released = (await readSupervisorBoard(sam)).find((candidate) => candidate.agent_id === 'ben');
      expect([released?.social_since, released?.social_until]).toEqual([null, null]);
    });
    await step('Sam reads the whole team’s history', async () => {
      const rows = await sam.query<{ agent_id: string }>('select distinct agent_id from agent_state_history order by agent_id');
      expect(rows.rows.map((row) => row.agent_id)).toEqual(['ana', 'ben']);
    });
    await step('Ben signs out and Ana’s lease runs out: neither is alive', async () => {
      await signOut(ben);
      await admin.query("update agent_states set alive_until = now() - interval '1 second' where agent_id = 'ana'");
      const board = await readSupervisorBoard(sam);
      expect(board.map((row) => [row.agent_id, row.state, alive(row)])).toEqual([
        ['ana', 'break', false],
        ['ben', 'offline', false],
        ['sam', null, false],
      ]);
    });
  });
});
