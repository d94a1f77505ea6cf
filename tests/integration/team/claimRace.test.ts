/**
 * Claims are atomic in the database: eight desks, each on its own agent
 * login and connection, race for the same thousand complaints in their own
 * random order. Every complaint ends up with exactly one handler, and each
 * desk's view of what it won matches the database.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimConversation } from '../../../main/core/team/claims';
import { assertLoopbackOnly } from '../../peers/netns';
import { step } from '../support/step';
import { startTeamCluster, type TeamCluster } from './support/teamCluster';

const DB = 'team_race';
const DESKS = 8;
const CONVERSATIONS = 1_000;

let cluster: TeamCluster;
let admin: pg.Pool;
const desks: { id: string; pool: pg.Pool }[] = [];

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

beforeAll(async () => {
  assertLoopbackOnly();
  cluster = await startTeamCluster();
  admin = await cluster.teamDatabase(DB);
  for (let desk = 1; desk <= DESKS; desk += 1) {
    const login = await cluster.addAgent(DB, `desk${desk}`, `Desk ${desk}`, 'agent');
    // One connection per desk, as a desk has.
    desks.push({ id: login.id, pool: cluster.as(DB, login, 1) });
  }
  await admin.query(
    "insert into conversations (id, account_id, last_item_at) select 'complaint-' || n, 'bluesky:acme.test', now() from generate_series(1, $1) as n",
    [CONVERSATIONS],
  );
});

afterAll(async () => {
  await cluster?.close();
});

describe('Claim race', () => {
  it(`${DESKS} desks claim ${CONVERSATIONS} complaints in random order at once: exactly ${CONVERSATIONS} claims succeed, none doubled`, async () => {
    const ids = Array.from({ length: CONVERSATIONS }, (_, index) => `complaint-${index + 1}`);
    const wonBy = new Map<string, string[]>();

    const results = await step('every desk claims every complaint, concurrently', () =>
      Promise.all(
        desks.map(async (desk) => {
          let won = 0;
          let lost = 0;
          for (const id of shuffled(ids)) {
            const result = await claimConversation(desk.pool, id);
            if (result.ok) {
              won += 1;
              wonBy.set(id, [...(wonBy.get(id) ?? []), desk.id]);
            } else {
              lost += 1;
              // A loser is always told who holds it: another desk, never itself, never nobody.
              if (result.heldBy === null || result.heldBy.id === desk.id) throw new Error(`${desk.id} lost ${id} to ${JSON.stringify(result.heldBy)}`);
            }
          }
          return { won, lost };
        }),
      ),
    );

    await step('the successful claims add up to one per complaint', () => {
      expect(results.reduce((sum, result) => sum + result.won, 0)).toBe(CONVERSATIONS);
      expect(results.reduce((sum, result) => sum + result.lost, 0)).toBe(CONVERSATIONS * (DESKS - 1));
      expect(wonBy.size).toBe(CONVERSATIONS);
      expect([...wonBy.values()].filter((winners) => winners.length !== 1)).toEqual([]);
    });
    await step("the database's handlers are exactly the winners", async () => {
      const handlers = await admin.query<{ id: string; handler: string | null }>('select id, handler from conversations');
      const mismatches = handlers.rows.filter((row) => row.handler === null || wonBy.get(row.id)?.[0] !== row.handler);
      expect(mismatches).toEqual([]);
    });
  });
});
