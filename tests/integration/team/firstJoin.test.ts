/**
 * First join (issue 11): Ana worked alone for a while, then joins a team that
 * already knows some of her customers. Her desk (createCore from her profile,
 * her own login) moves her history through the contract's dispatcher, in the
 * two phases the renderer uses. The team database is real PostgreSQL; the
 * customer Ben created stays one customer, and Ana's notes and calls land on it.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinBatchOutcome, JoinCustomer, JoinCustomerOutcome, RequestOf } from '@tandem/contract';
import type { Core } from '../../../main/core/app/createCore';
import { assertLoopbackOnly } from '../../peers/netns';
import { step } from '../support/step';
import { startTeamCluster, type AgentLogin, type TeamCluster } from './support/teamCluster';
import { startTeamDeskCore } from './support/teamDeskCore';

const DB = 'team_first_join';
const T0 = Date.UTC(2026, 5, 1);

let cluster: TeamCluster;
let admin: pg.Pool;
let ana: AgentLogin;
let ben: AgentLogin;
const cores: Core[] = [];

async function deskOf(login: AgentLogin, dataDir: string): Promise<Core> {
  const core = await startTeamDeskCore({ cluster, database: DB, login, name: 'Ana Ruiz', dataDir });
  cores.push(core);
  return core;
}

async function move(core: Core, batch: RequestOf<'team:moveHistory'>): Promise<JoinBatchOutcome> {
  const answer = await core.dispatch('team:moveHistory', batch);
  if (!answer.ok) throw new Error(`the batch failed: ${answer.error.messageKey} ${answer.error.detail ?? ''}`);
  return answer.value as JoinBatchOutcome;
}

async function joinState(core: Core): Promise<string> {
  const answer = await core.dispatch('team:getJoinState', {});
  if (!answer.ok) throw new Error(answer.error.messageKey);
  return (answer.value as { state: string }).state;
}

// Ana's own history, as her renderer reads it from Dexie.
const CARLA_LOCAL: JoinCustomer = {
  id: 'ana-carla',
  name: 'Carla M.',
  createdAt: T0,
  identities: [
    { kind: 'phone', value: '+34600111222', did: null, status: 'unverified', verifiedHow: null, verifiedAt: null, claim: null },
    { kind: 'email', value: 'carla@example.test', did: null, status: 'unverified', verifiedHow: null, verifiedAt: null, claim: null },
  ],
};
/** Known to the team by the DID only: Ana's desk has the account under an older handle. */
const DEV_LOCAL: JoinCustomer = {
  id: 'ana-dev',
  name: 'Dev',
  createdAt: T0,
  identities: [{ kind: 'bluesky', value: 'dev-old.test', did: 'did:plc:dev', status: 'verified', verifiedHow: 'code-by-post', verifiedAt: T0, claim: null }],
};
const NEW_LOCAL: JoinCustomer = {
  id: 'ana-nora',
  name: 'Nora Lind',
  createdAt: T0,
  identities: [{ kind: 'phone', value: '+4670123456', did: null, status: 'unverified', verifiedHow: null, verifiedAt: null, claim: null }],
};
/** A second local row for Nora (same number): merged into the Nora created a moment before in the same batch. */
const NORA_TWICE: JoinCustomer = { ...NEW_LOCAL, id: 'ana-nora-2', name: 'N. Lind' };

const HISTORY: RequestOf<'team:moveHistory'> = {
  phase: 'history',
  notes: [
    { id: 'note-1', customerId: 'team-carla', callId: null, text: 'Prefers calls after 5pm', createdAt: T0 + 1 },
    { id: 'call:c-1', customerId: 'team-carla', callId: 'c-1', text: 'Refund promised', createdAt: T0 + 2 },
    { id: 'note-2', customerId: 'ana-nora', callId: null, text: 'VIP', createdAt: T0 + 3 },
  ],
  calls: [
    {
      id: 'call:c-1',
      customerId: 'team-carla',
      direction: 'inbound',
      at: T0 + 2,
      summary: 'Refund promised',
      wrapUpCode: 'follow-up',
      callId: 'c-1',
      uri: 'sip:+34600111222@pbx.test',
      conversationId: 'at://did:plc:carla/app.bsky.feed.post/complaint',
    },
    { id: 'call:c-2', customerId: null, direction: 'outbound', at: T0 + 4, summary: '', wrapUpCode: null, callId: 'c-2', uri: 'sip:+15550000@pbx.test' },
  ],
};

const count = async (table: string, where = 'true', values: unknown[] = []) =>
  Number((await admin.query<{ n: string }>(`select count(*) as n from ${table} where ${where}`, values)).rows[0]?.n);

const byLocal = (outcome: JoinBatchOutcome, id: string): JoinCustomerOutcome | undefined =>
  outcome.phase === 'customers' ? outcome.customers.find((customer) => customer.localId === id) : undefined;

beforeAll(async () => {
  assertLoopbackOnly();
  cluster = await startTeamCluster();
  admin = await cluster.teamDatabase(DB);
  ana = await cluster.addAgent(DB, 'ana', 'Ana Ruiz', 'agent');
  ben = await cluster.addAgent(DB, 'ben', 'Ben Okafor', 'agent');
  // What the team already knows, written by Ben under his own login.
  const asBen = cluster.as(DB, ben);
  await asBen.query("insert into customers (id, name) values ('team-carla', 'Carla Martín'), ('team-dev', 'Dev Patel')");
  await asBen.query(
    `insert into identities (id, customer_id, kind, value, did, status) values
       ('team-carla|phone|+34600111222', 'team-carla', 'phone', '+34600111222', null, 'unverified'),
       ('team-dev|bluesky|dev.test', 'team-dev', 'bluesky', 'dev.test', 'did:plc:dev', 'unverified')`,
  );
});

afterAll(async () => {
  await Promise.all(cores.map((core) => core.dispose()));
  await cluster?.close();
});

describe('first join: a solo desk moves its history into the team', () => {
  it('dedupes by identity, reports the counts, and a repeat writes nothing twice', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tandem-join-ana-'));
    const desk = await deskOf(ana, dataDir);

    await step('a desk that never joined is "unasked"; accepting the move records "moving"', async () => {
      expect(await joinState(desk)).toBe('unasked');
      expect(await desk.dispatch('team:setJoinState', { state: 'moving' })).toEqual({ ok: true, value: { state: 'moving' } });
    });

    const customers = await step('customers phase: Carla merged by phone, Dev merged by DID, Nora created once', async () => {
      const outcome = await move(desk, { phase: 'customers', customers: [CARLA_LOCAL, DEV_LOCAL, NEW_LOCAL, NORA_TWICE] });
      expect(byLocal(outcome, 'ana-carla')).toMatchObject({
        outcome: 'merged',
        teamId: 'team-carla',
        teamName: 'Carla Martín',
        matchedBy: 'phone:+34600111222',
        identitiesLinked: 1,
      });
      expect(byLocal(outcome, 'ana-dev')).toMatchObject({ outcome: 'merged', teamId: 'team-dev', matchedBy: 'bluesky:dev.test', identitiesLinked: 1 });
      expect(byLocal(outcome, 'ana-nora')).toMatchObject({ outcome: 'created', teamId: 'ana-nora', identitiesLinked: 1 });
      expect(byLocal(outcome, 'ana-nora-2')).toMatchObject({ outcome: 'merged', teamId: 'ana-nora', identitiesLinked: 0 });
      expect(outcome.phase === 'customers' && outcome.refused).toEqual([]);
      return outcome;
    });

    await step("the team holds no duplicate customer; Carla gained her e-mail, Dev a verified link in Ana's name", async () => {
      expect(await count('customers')).toBe(3);
      expect(await count('identities', "customer_id = 'team-carla'")).toBe(2);
      const dev = await admin.query<{ status: string; verified_by: string }>(
        "select status, verified_by from identities where customer_id = 'team-dev' and value = 'dev-old.test'",
      );
      expect(dev.rows).toEqual([{ status: 'verified', verified_by: 'ana' }]);
      expect(await count('customers', "id = 'ana-nora' and created_by = 'ana'")).toBe(1);
    });

    await step("history phase: 3 notes and 2 calls, on the team customers, in Ana's name", async () => {
      const outcome = await move(desk, HISTORY);
      expect(outcome).toEqual({ phase: 'history', notes: 3, calls: 2, refused: [] });
      expect(await count('notes', "customer_id = 'team-carla' and author = 'ana'")).toBe(2);
      expect(await count('interactions', "id = 'call:c-1' and customer_id = 'team-carla' and wrap_up_code = 'follow-up'")).toBe(1);
      // A call placed from a conversation ("Call now", issue 15) stays in its case once in the team.
      expect(await count('interactions', "id = 'call:c-1' and conversation_id = 'at://did:plc:carla/app.bsky.feed.post/complaint'")).toBe(1);
      expect(await count('interactions', "id = 'call:c-2' and conversation_id is null")).toBe(1);
    });

    await step('a repeat of both phases (a crash before "done") writes nothing twice and reports the same counts', async () => {
      const changesBefore = await count('team_changes');
      const again = await move(desk, { phase: 'customers', customers: [CARLA_LOCAL, DEV_LOCAL, NEW_LOCAL, NORA_TWICE] });
      expect(byLocal(again, 'ana-carla')).toMatchObject({ outcome: 'merged', teamId: 'team-carla', identitiesLinked: 0 });
      expect(byLocal(again, 'ana-nora')).toMatchObject({ outcome: 'present', teamId: 'ana-nora', identitiesLinked: 0 });
      expect(byLocal(again, 'ana-nora-2')).toMatchObject({ outcome: 'merged', teamId: 'ana-nora' });
      expect(await move(desk, HISTORY)).toEqual({ phase: 'history', notes: 3, calls: 2, refused: [] });
      expect(await count('customers')).toBe(3);
      expect(await count('notes')).toBe(3);
      expect(await count('interactions')).toBe(2);
      expect(await count('team_changes')).toBe(changesBefore);
      expect(customers.phase).toBe('customers');
    });

    await step("a row whose id the team already uses for someone else's note is refused, not rewritten", async () => {
      await cluster.as(DB, ben).query("insert into notes (id, customer_id, text) values ('note-ben', 'team-carla', 'Ben''s note')");
      const outcome = await move(desk, {
        phase: 'history',
        notes: [{ id: 'note-ben', customerId: 'team-carla', callId: null, text: 'Ana overwrites?', createdAt: T0 }],
        calls: [],
      });
      expect(outcome).toEqual({ phase: 'history', notes: 0, calls: 0, refused: [{ table: 'notes', id: 'note-ben', reason: 'id-taken' }] });
      expect((await admin.query("select text from notes where id = 'note-ben'")).rows).toEqual([{ text: "Ben's note" }]);
    });

    await step('"done" is remembered in the data folder: the desk, restarted, is not asked again', async () => {
      expect(await desk.dispatch('team:setJoinState', { state: 'done' })).toEqual({ ok: true, value: { state: 'done' } });
      const restarted = await deskOf(ana, dataDir);
      expect(await joinState(restarted)).toBe('done');
    });

    await step('an oversized batch is refused by the contract before main writes anything', async () => {
      const tooMany = Array.from({ length: 201 }, (_, index) => ({ ...NEW_LOCAL, id: `bulk-${index}` }));
      const answer = await desk.dispatch('team:moveHistory', { phase: 'customers', customers: tooMany });
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
      expect(await count('customers', "id like 'bulk-%'")).toBe(0);
    });
  });
});
