/**
 * The team queue on real PostgreSQL: desks built from their own profiles (as
 * main builds them) hear each other's claims, statuses and viewing through
 * the change feed, and the database refuses what the UI does not offer.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, StatusOutcome, TeamQueueSnapshot } from '@tandem/contract';
import type { Core } from '../../../main/core/app/createCore';
import { claimConversation } from '../../../main/core/team/claims';
import { writeViewing } from '../../../main/core/team/queueRows';
import { assertLoopbackOnly } from '../../peers/netns';
import { step } from '../support/step';
import { startTeamCluster, type AgentLogin, type TeamCluster } from './support/teamCluster';
import { startTeamDeskCore } from './support/teamDeskCore';

const DB = 'team_queue';
const COMPLAINT = 'at://did:plc:carla/app.bsky.feed.post/complaint';
const QUESTION = 'at://did:plc:dan/app.bsky.feed.post/question';
const WAIT_MS = 20_000;

let cluster: TeamCluster;
let admin: pg.Pool;
const cores: Core[] = [];
const logins = {} as Record<'ana' | 'ben' | 'sofia', AgentLogin>;

/** A desk for `login`, from a profile naming the team database, once its session is live. */
async function deskOf(login: AgentLogin, name: string): Promise<Core> {
  const core = await startTeamDeskCore({ cluster, database: DB, login, name });
  cores.push(core);
  return core;
}

/** The first `event` on `core` that `matches`, heard from now on. */
function nextEvent<E extends 'team:conversation' | 'team:viewing'>(
  core: Core,
  event: E,
  matches: (payload: EventPayload<E>) => boolean,
): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching ${event}`)), WAIT_MS);
    const unsubscribe = core.events.on(event, (payload) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(payload);
    });
  });
}

/** Every `event` on `core` from now on. */
function record<E extends 'team:conversation' | 'team:viewing'>(core: Core, event: E): EventPayload<E>[] {
  const heard: EventPayload<E>[] = [];
  core.events.on(event, (payload) => void heard.push(payload));
  return heard;
}

async function answer<T>(core: Core, channel: 'team:getQueue' | 'team:setStatus' | 'team:takeOver' | 'team:setViewing', payload: object): Promise<T> {
  const result = await core.dispatch(channel, payload);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.messageKey}`);
  return result.value as T;
}

const snapshot = (core: Core) => answer<TeamQueueSnapshot>(core, 'team:getQueue', {});

beforeAll(async () => {
  assertLoopbackOnly();
  cluster = await startTeamCluster();
  admin = await cluster.teamDatabase(DB);
  logins.ana = await cluster.addAgent(DB, 'ana', 'Ana Ruiz', 'agent');
  logins.ben = await cluster.addAgent(DB, 'ben', 'Ben Okafor', 'agent');
  logins.sofia = await cluster.addAgent(DB, 'sofia', 'Sofia Lind', 'supervisor');
  for (const id of [COMPLAINT, QUESTION]) {
    await admin.query("insert into conversations (id, account_id, last_item_at) values ($1, 'bluesky:acme.test', now())", [id]);
  }
});

afterAll(async () => {
  await Promise.all(cores.map((core) => core.dispose()));
  await cluster?.close();
});

describe('the team queue on two desks', () => {
  it("Ben's desk hears Ana's claim and status with her name, and neither Ben nor the database lets him take it", async () => {
    const ana = await deskOf(logins.ana, 'Ana Ruiz');
    const ben = await deskOf(logins.ben, 'Ben Okafor');

    await step('each desk reads its own role from the agents table', async () => {
      expect((await snapshot(ana)).self).toEqual({ id: 'ana', name: 'Ana Ruiz', role: 'agent' });
      expect((await snapshot(ben)).self).toEqual({ id: 'ben', name: 'Ben Okafor', role: 'agent' });
    });

    await step("Ana claims the complaint: Ben's desk hears it as an event naming Ana Ruiz", async () => {
      const heard = nextEvent(ben, 'team:conversation', (c) => c.conversationId === COMPLAINT && c.handler !== null);
      expect(await ana.dispatch('team:claim', { conversationId: COMPLAINT })).toMatchObject({ ok: true, value: { ok: true } });
      const event = await heard;
      expect(event).toMatchObject({ conversationId: COMPLAINT, status: 'new', handler: { id: 'ana', name: 'Ana Ruiz' } });
      expect(event.leaseUntil).toBeGreaterThan(Date.now() + 9 * 60_000);
    });

    await step("a reloaded window on Ben's desk reads the claim in the snapshot", async () => {
      const queue = await snapshot(ben);
      expect(queue.conversations).toContainEqual(expect.objectContaining({ conversationId: COMPLAINT, handler: { id: 'ana', name: 'Ana Ruiz' } }));
    });

    await step("Ben's take-over is refused by the database, through his desk and with plain SQL", async () => {
      expect(await answer(ben, 'team:takeOver', { conversationId: COMPLAINT })).toEqual({ ok: false, heldBy: { id: 'ana', name: 'Ana Ruiz' } });
      const asBen = cluster.as(DB, logins.ben);
      const stolen = await asBen.query("update conversations set handler = 'ben', lease_until = now() + interval '10 minutes' where id = $1", [COMPLAINT]);
      expect(stolen.rowCount).toBe(0);
      const row = await admin.query<{ handler: string }>('select handler from conversations where id = $1', [COMPLAINT]);
      expect(row.rows[0]?.handler).toBe('ana');
    });

    await step("Ana sets the status to waiting: Ben's desk hears it; Ben's own status change is refused, naming Ana", async () => {
      const heard = nextEvent(ben, 'team:conversation', (c) => c.conversationId === COMPLAINT && c.status === 'waiting');
      expect(await answer<StatusOutcome>(ana, 'team:setStatus', { conversationId: COMPLAINT, status: 'waiting' })).toMatchObject({
        ok: true,
        conversation: { status: 'waiting' },
      });
      await heard;
      expect(await answer(ben, 'team:setStatus', { conversationId: COMPLAINT, status: 'closed' })).toEqual({
        ok: false,
        heldBy: { id: 'ana', name: 'Ana Ruiz' },
      });
      expect(await answer(ben, 'team:setStatus', { conversationId: 'at://nobody/app.bsky.feed.post/x', status: 'closed' })).toEqual({
        ok: false,
        heldBy: null,
      });
    });

    await step('a supervisor takes it over after all, and both desks hear the new handler', async () => {
      const sofia = await deskOf(logins.sofia, 'Sofia Lind');
      expect((await snapshot(sofia)).self?.role).toBe('supervisor');
      const heard = nextEvent(ben, 'team:conversation', (c) => c.conversationId === COMPLAINT && c.handler?.id === 'sofia');
      expect(await answer(sofia, 'team:takeOver', { conversationId: COMPLAINT })).toMatchObject({ ok: true });
      expect((await heard).handler).toEqual({ id: 'sofia', name: 'Sofia Lind' });
    });
  });

  it('"Ana Ruiz is viewing": only others hear it, only Ana writes her row, and it expires', async () => {
    const ana = cores[0] ?? (await deskOf(logins.ana, 'Ana Ruiz'));
    const ben = cores[1] ?? (await deskOf(logins.ben, 'Ben Okafor'));
    const anaHears = record(ana, 'team:viewing');

    await step("Ana opens the question: Ben's desk hears that Ana Ruiz is viewing it", async () => {
      const heard = nextEvent(ben, 'team:viewing', (v) => v.viewer.id === 'ana' && v.conversationId === QUESTION);
      await answer(ana, 'team:setViewing', { conversationId: QUESTION });
      const event = await heard;
      expect(event.viewer).toEqual({ id: 'ana', name: 'Ana Ruiz' });
      expect(event.until).toBeGreaterThan(Date.now());
      expect((await snapshot(ben)).viewing).toContainEqual(expect.objectContaining({ viewer: { id: 'ana', name: 'Ana Ruiz' }, conversationId: QUESTION }));
    });

    await step("Ben cannot write Ana's viewing row with plain SQL", async () => {
      const asBen = cluster.as(DB, logins.ben);
      const moved = await asBen.query("update agent_viewing set conversation_id = 'elsewhere' where agent_id = 'ana'");
      expect(moved.rowCount).toBe(0);
      await expect(
        asBen.query("insert into agent_viewing (agent_id, conversation_id, viewing_until) values ('sofia', $1, now())", [QUESTION]),
      ).rejects.toMatchObject({
        code: '42501',
      });
      await expect(
        asBen.query("insert into agent_viewing (conversation_id, viewing_until) values ($1, now() + interval '1 day')", [QUESTION]),
      ).rejects.toMatchObject({
        code: '42501',
      });
    });

    await step('Ana closes it: Ben hears she views nothing; her own desk heard none of her rows', async () => {
      const heard = nextEvent(ben, 'team:viewing', (v) => v.viewer.id === 'ana' && v.conversationId === null);
      await answer(ana, 'team:setViewing', { conversationId: null });
      await heard;
      expect(anaHears.filter((v) => v.viewer.id === 'ana')).toEqual([]);
    });

    await step('a row its desk stopped renewing lapses: the snapshot no longer shows it', async () => {
      const asAna = cluster.as(DB, logins.ana);
      await writeViewing(asAna, QUESTION, 400);
      expect((await snapshot(ben)).viewing.map((v) => v.viewer.id)).toContain('ana');
      await expect.poll(async () => (await snapshot(ben)).viewing.map((v) => v.viewer.id), { timeout: WAIT_MS, interval: 100 }).not.toContain('ana');
    });

    await step('a lapsed lease reads as nobody handling it', async () => {
      const asBen = cluster.as(DB, logins.ben);
      await admin.query('update conversations set handler = null, lease_until = null, status = $2 where id = $1', [QUESTION, 'open']);
      expect(await claimConversation(asBen, QUESTION, 400)).toMatchObject({ ok: true });
      expect((await snapshot(ana)).conversations).toContainEqual(
        expect.objectContaining({ conversationId: QUESTION, handler: { id: 'ben', name: 'Ben Okafor' } }),
      );
      await expect
        .poll(async () => (await snapshot(ana)).conversations.find((c) => c.conversationId === QUESTION)?.handler, { timeout: WAIT_MS, interval: 100 })
        .toBeNull();
    });
  });
});
