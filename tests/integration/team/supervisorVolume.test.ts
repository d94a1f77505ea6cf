/**
 * The region "Volume"'s counts come from the team database (issue 16, item 5):
 * `supervisor_volume()` counts the day's mentions and calls per quarter hour
 * for a supervisor's login, through the desk's own VolumeService, and
 * refuses an agent's login with plain SQL.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VolumeService } from '../../../main/core/supervisor/volumeService';
import { assertLoopbackOnly } from '../../peers/netns';
import { step } from '../support/step';
import { startTeamCluster, type TeamCluster } from './support/teamCluster';

const DB = 'team_volume';
/** The day under test (any fixed instant: the function counts from where it is told). */
const FROM = Date.UTC(2026, 11, 4, 0, 0);
const at = (minutes: number) => new Date(FROM + minutes * 60_000);

let cluster: TeamCluster;
let admin: pg.Pool;
let ana: pg.Pool;
let sam: pg.Pool;

beforeAll(async () => {
  assertLoopbackOnly();
  cluster = await startTeamCluster();
  admin = await cluster.teamDatabase(DB);
  ana = cluster.as(DB, await cluster.addAgent(DB, 'ana', 'Ana Ruiz', 'agent'));
  sam = cluster.as(DB, await cluster.addAgent(DB, 'sam', 'Sam Lee', 'supervisor'));
});

afterAll(async () => {
  await cluster?.close();
});

describe("the day's mentions and calls in the team database", () => {
  it('a supervisor gets the counts per quarter hour; an agent is refused', async () => {
    await step('the day so far: mentions, a brand reply, calls and a social interaction, and one call the day before', async () => {
      const items: [string, number][] = [
        ['mention', 0],
        ['reply', 14],
        ['quote', 15],
        ['listening', 29],
        ['brand-reply', 16],
        ['message', 95 * 15 + 14],
        ['mention', 96 * 15],
      ];
      for (const [index, [kind, minutes]] of items.entries()) {
        await admin.query('insert into social_items (uri, conversation_id, account_id, payload, created_at) values ($1, $2, $3, $4, $5)', [
          `at://did:plc:v/app.bsky.feed.post/${index}`,
          'at://did:plc:v/app.bsky.feed.post/0',
          'brand',
          JSON.stringify({ kind }),
          at(minutes),
        ]);
      }
      const interactions: [string, number][] = [
        ['call', 30],
        ['call', 44],
        ['call', 45],
        ['social', 30],
        ['call', -1],
      ];
      for (const [index, [channel, minutes]] of interactions.entries()) {
        await admin.query('insert into interactions (id, channel, direction, at) values ($1, $2, $3, $4)', [`i-${index}`, channel, 'inbound', at(minutes)]);
      }
    });

    await step('Sam, a supervisor, reads the day: brand replies, other channels and other days are not counted', async () => {
      const day = await new VolumeService({ pool: () => Promise.resolve(sam) }).day({ from: FROM, intervals: 96 });
      expect(day.mentions).toHaveLength(96);
      expect(day.mentions.slice(0, 4)).toEqual([2, 2, 0, 0]);
      expect(day.mentions[95]).toBe(1);
      expect(day.mentions.reduce((sum, n) => sum + n, 0)).toBe(5);
      expect(day.calls.slice(0, 4)).toEqual([0, 0, 2, 1]);
      expect(day.calls.reduce((sum, n) => sum + n, 0)).toBe(3);
    });

    await step('Ana, an agent, calls the function with plain SQL: permission denied', async () => {
      const refused = await ana.query('select * from supervisor_volume(now(), 96)').then(
        () => 'accepted',
        (error: unknown) => String((error as { code?: unknown }).code),
      );
      expect(refused).toBe('42501');
    });
  });
});
