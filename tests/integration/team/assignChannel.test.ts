/**
 * A supervisor's "Assign selected to…" through the contract (`team:assign`,
 * main's reassignConversation): Sam hands ticked conversations to Ben, live
 * claims included; Ana, an agent, asks the same through her own desk and the
 * database refuses every one, whatever her desk sends.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssignOutcome } from '@tandem/contract';
import type { Core } from '../../../main/core/app/createCore';
import { assertLoopbackOnly } from '../../peers/netns';
import { step } from '../support/step';
import { startTeamCluster, type TeamCluster } from './support/teamCluster';
import { startTeamDeskCore } from './support/teamDeskCore';

const DB = 'team_assign';
const [C1, C2, C3] = ['at://did:plc:carla/app.bsky.feed.post/1', 'at://did:plc:dora/app.bsky.feed.post/2', 'at://did:plc:eve/app.bsky.feed.post/3'];

let cluster: TeamCluster;
let admin: pg.Pool;
let sam: Core;
let ana: Core;

async function assign(core: Core, conversationIds: string[], agentId: string): Promise<AssignOutcome> {
  const answer = await core.dispatch('team:assign', { conversationIds, agentId });
  if (!answer.ok) throw new Error(`assign failed: ${answer.error.messageKey}`);
  return answer.value as AssignOutcome;
}

async function handlers(): Promise<Record<string, string | null>> {
  const { rows } = await admin.query<{ id: string; handler: string | null }>('select id, handler from conversations order by id');
  return Object.fromEntries(rows.map((row) => [row.id, row.handler]));
}

beforeAll(async () => {
  assertLoopbackOnly();
  cluster = await startTeamCluster();
  admin = await cluster.teamDatabase(DB);
  const logins = {
    sam: await cluster.addAgent(DB, 'sam', 'Sam Lead', 'supervisor'),
    ana: await cluster.addAgent(DB, 'ana', 'Ana Ruiz', 'agent'),
  };
  await cluster.addAgent(DB, 'ben', 'Ben Okafor', 'agent');
  for (const id of [C1, C2, C3]) await admin.query("insert into conversations (id, account_id, last_item_at) values ($1, 'bluesky:acme.test', now())", [id]);
  sam = await startTeamDeskCore({ cluster, database: DB, login: logins.sam, name: 'Sam Lead' });
  ana = await startTeamDeskCore({ cluster, database: DB, login: logins.ana, name: 'Ana Ruiz' });
});

afterAll(async () => {
  await Promise.all([sam?.dispose(), ana?.dispose()]);
  await cluster?.close();
});

describe('a supervisor assigns ticked conversations to a teammate; an agent cannot', () => {
  it('Sam assigns two to Ben, one of them under Ana’s live claim; Ana’s own attempts are refused by the database', async () => {
    await step('Ana holds the first conversation', async () => {
      expect(await ana.dispatch('team:claim', { conversationId: C1 })).toMatchObject({ ok: true, value: { ok: true } });
    });
    await step('Sam assigns the first two to Ben: both are his', async () => {
      expect(await assign(sam, [C1, C2], 'ben')).toEqual({ assigned: [C1, C2], refused: [] });
      expect(await handlers()).toMatchObject({ [C1]: 'ben', [C2]: 'ben', [C3]: null });
    });
    await step('Ana asks her desk to assign a free one and one of Ben’s to herself and to Ben: every one is refused', async () => {
      expect(await assign(ana, [C3], 'ben')).toEqual({ assigned: [], refused: [C3] });
      expect(await assign(ana, [C2], 'ana')).toEqual({ assigned: [], refused: [C2] });
      expect(await handlers()).toMatchObject({ [C1]: 'ben', [C2]: 'ben', [C3]: null });
    });
    await step('an agent the team does not have is refused too, without breaking the rest of the batch', async () => {
      expect(await assign(sam, [C3], 'nobody')).toEqual({ assigned: [], refused: [C3] });
      expect(await assign(sam, [C3], 'ana')).toEqual({ assigned: [C3], refused: [] });
    });
  });
});
