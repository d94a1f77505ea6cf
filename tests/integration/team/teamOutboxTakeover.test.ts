/**
 * A desk that stops between queueing a reply in the team's outbox and
 * sending it (issue 11: "A reply is posted at most once even if two desks
 * try: the outbox row lives in the database and its network record key is
 * derived from that row"). Against Bluesky's reference PDS and a throwaway
 * PostgreSQL, two desk cores as main builds them. Ana's desk reaches the PDS
 * and the team database through relays the story cuts (a lost network, not a
 * test hook). Once her desk is gone and her claim's lease has run out, the
 * desk leading the ingester takes her pending row over and posts it under
 * the row's record key: one reply on the network, whether or not Ana's desk
 * had posted it before it stopped.
 */
import { rm } from 'node:fs/promises';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '@tandem/contract';
import { startBlueskyPds, type BlueskyAccount, type BlueskyPds } from '../../peers/blueskyPds';
import { assertLoopbackOnly } from '../../peers/netns';
import { LOOPBACK } from '../../peers/ports';
import { startTcpProxy, type TcpProxy } from '../../peers/tcpProxy';
import { ok, post } from '../support/bluesky';
import { step } from '../support/step';
import { startTeamCluster, type AgentLogin, type TeamCluster } from './support/teamCluster';
import { startTeamSocialDesk, type TeamSocialDesk } from './support/teamSocialDesk';

const DB = 'team_takeover';
const BRAND = 'acmecorp.test';
const ACCOUNT = `bluesky:${BRAND}`;
const WAIT = { timeout: 20_000, interval: 50 };

let pds: BlueskyPds;
let brand: BlueskyAccount;
let appPassword: string;
let carla: BlueskyAccount;
let cluster: TeamCluster;
let admin: pg.Pool;
/** Ana's way to the PDS and to the team database: cut to take her desk off either. */
let anaPds: TcpProxy;
let anaDb: TcpProxy;
const logins = {} as Record<'ana' | 'ben', AgentLogin>;
const open: TeamSocialDesk[] = [];

async function benDesk(): Promise<TeamSocialDesk> {
  const desk = await startTeamSocialDesk({
    login: logins.ben,
    name: 'Ben Okafor',
    databaseUrl: cluster.url(DB, 'ben'),
    brand: { handle: BRAND, appPassword, service: pds.url },
  });
  open.push(desk);
  return desk;
}

async function anaDesk(dataDir?: string): Promise<TeamSocialDesk> {
  const desk = await startTeamSocialDesk({
    login: logins.ana,
    name: 'Ana Ruiz',
    databaseUrl: `postgresql://ana@${LOOPBACK}:${anaDb.port}/${DB}`,
    brand: { handle: BRAND, appPassword, service: `http://${LOOPBACK}:${anaPds.port}` },
    ...(dataDir === undefined ? {} : { dataDir }),
  });
  open.push(desk);
  return desk;
}

async function complaint(text: string): Promise<string> {
  return (await post(carla, `@${BRAND} ${text}`, {}, { [BRAND]: brand.did })).uri;
}

/** The brand's posts on the PDS that reply to `parentUri`. */
async function brandRepliesTo(parentUri: string): Promise<string[]> {
  const page = await carla.agent.com.atproto.repo.listRecords({ repo: brand.did, collection: 'app.bsky.feed.post', limit: 100 });
  return page.data.records.filter((record) => (record.value as { reply?: { parent?: { uri?: string } } }).reply?.parent?.uri === parentUri).map((r) => r.uri);
}

async function outboxRow(id: string): Promise<{ author: string; state: string; record_key: string } | undefined> {
  return (await admin.query<{ author: string; state: string; record_key: string }>('select author, state, record_key from social_outbox where id = $1', [id]))
    .rows[0];
}

/** Who holds the team's advisory locks: the ingesting desk. */
async function lockHolders(): Promise<string[]> {
  const held = await admin.query<{ usename: string }>(
    `select a.usename from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database())`,
  );
  return held.rows.map((row) => row.usename).sort();
}

/** Ana's desk is gone for the database: no session of hers is left (what the takeover policy asks). */
async function anaSessions(): Promise<number> {
  return (await admin.query("select 1 from pg_stat_activity where usename = 'ana'")).rowCount ?? 0;
}

/** Ten minutes without renewal, in one statement: the administrator moves the lease into the past. */
async function leaseRunsOut(conversationId: string): Promise<void> {
  await admin.query("update conversations set lease_until = now() - interval '1 second' where id = $1 and handler = 'ana'", [conversationId]);
}

beforeAll(async () => {
  assertLoopbackOnly();
  pds = await startBlueskyPds();
  brand = await pds.createAccount(BRAND);
  appPassword = await pds.createAppPassword(brand);
  carla = await pds.createAccount('carla.test');
  cluster = await startTeamCluster();
  admin = await cluster.teamDatabase(DB);
  logins.ana = await cluster.addAgent(DB, 'ana', 'Ana Ruiz', 'agent');
  logins.ben = await cluster.addAgent(DB, 'ben', 'Ben Okafor', 'agent');
  anaPds = await startTcpProxy({ port: Number(new URL(pds.url).port) });
  anaDb = await startTcpProxy({ port: cluster.postgres.port });
}, 120_000);

afterAll(async () => {
  await Promise.all(open.map((desk) => desk.close()));
  await anaPds?.close();
  await anaDb?.close();
  await cluster?.close();
  await pds?.close();
  await Promise.all(open.map((desk) => rm(desk.dataDir, { recursive: true, force: true })));
});

describe('a reply left pending by a desk that stopped', () => {
  it('the leading desk posts it once; when the stopped desk had posted it, the leading desk finds it and marks it sent', async () => {
    const ben = await step("Ben's desk starts first and leads the ingester", async () => {
      const desk = await benDesk();
      await expect.poll(() => desk.core.social.snapshot().connectors[0]?.state, WAIT).toBe('live');
      await expect.poll(lockHolders, WAIT).toEqual(['ben']);
      return desk;
    });
    const ana = await step("Ana's desk starts without the network (its relay to the PDS is cut); it has the team database", async () => {
      anaPds.cut();
      return anaDesk();
    });

    const first = await step("Carla complains; Ana replies: the reply is queued in the team's outbox but cannot leave Ana's desk", async () => {
      const uri = await complaint('my order never came');
      await expect.poll(() => ana.copies(uri), WAIT).toBe(1);
      const entry = await ok<OutboxEntry>(
        ana.core.dispatch('social:reply', { accountId: ACCOUNT, clientId: 'ana-reply-0000001', parentUri: uri, text: 'Sorry Carla, on it. – Ana' }),
      );
      expect(entry.state).toBe('queued');
      expect(await outboxRow(entry.clientId)).toMatchObject({ author: 'ana', state: 'pending' });
      return { uri, clientId: entry.clientId };
    });

    await step("while Ana's desk is up and her claim live, Ben cannot take her row with plain SQL", async () => {
      const asBen = cluster.as(DB, logins.ben, 1);
      const taken = await asBen.query("update social_outbox set author = current_user where id = $1 and state = 'pending'", [first.clientId]);
      expect(taken.rowCount).toBe(0);
      expect(await outboxRow(first.clientId)).toMatchObject({ author: 'ana', state: 'pending' });
    });

    await step("Ana's desk stops before it ever posted; her lease runs out", async () => {
      await ana.close();
      await expect.poll(anaSessions, WAIT).toBe(0);
      expect(await brandRepliesTo(first.uri)).toEqual([]);
      await leaseRunsOut(first.uri);
    });

    const posted = await step("Ben's desk takes the row over and posts it under the row's record key: one brand reply", async () => {
      const sent = await ben.events.waitFor('social:outbox', (entry) => entry.clientId === first.clientId && entry.state === 'sent', { timeoutMs: 20_000 });
      const row = await outboxRow(first.clientId);
      expect(row).toMatchObject({ author: 'ben' });
      await expect.poll(async () => (await outboxRow(first.clientId))?.state, WAIT).toBe('sent');
      expect(await brandRepliesTo(first.uri)).toEqual([sent.uri]);
      expect(sent.uri?.split('/').at(-1)).toBe(row?.record_key);
      await expect.poll(() => ben.copies(sent.uri ?? ''), WAIT).toBe(1);
      return sent.uri;
    });

    const second = await step("Carla complains again; Ana's desk comes back, still without the network, and replies", async () => {
      const uri = await complaint('and now the app crashes');
      const back = await anaDesk(ana.dataDir);
      await expect.poll(() => back.copies(uri), WAIT).toBe(1);
      const entry = await ok<OutboxEntry>(
        back.core.dispatch('social:reply', { accountId: ACCOUNT, clientId: 'ana-reply-0000002', parentUri: uri, text: 'Looking into the crash. – Ana' }),
      );
      expect(await outboxRow(entry.clientId)).toMatchObject({ author: 'ana', state: 'pending' });
      return { uri, clientId: entry.clientId, desk: back };
    });

    await step("Ana's desk loses the team database and gets the network back: it posts both of its replies, but cannot say so to the team", async () => {
      anaDb.cut();
      anaPds.restore();
      second.desk.core.social.reconnect(ACCOUNT);
      const sent = await Promise.all(
        [first.clientId, second.clientId].map((clientId) =>
          second.desk.events.waitFor('social:outbox', (entry) => entry.clientId === clientId && entry.state === 'sent', { timeoutMs: 30_000 }),
        ),
      );
      // Her first reply was Ben's already: her own retry found it under the same key instead of posting again.
      expect(sent[0]?.uri).toBe(posted);
      expect(await brandRepliesTo(first.uri)).toEqual([posted]);
      expect(await brandRepliesTo(second.uri)).toEqual([sent[1]?.uri]);
      expect(await outboxRow(second.clientId)).toMatchObject({ author: 'ana', state: 'pending' });
    });

    await step(
      "Ana's desk stops; her lease runs out; Ben's desk takes the row over, finds the reply at its key and marks it sent: still one reply",
      async () => {
        await second.desk.close();
        await expect.poll(anaSessions, WAIT).toBe(0);
        await leaseRunsOut(second.uri);
        const sent = await ben.events.waitFor('social:outbox', (entry) => entry.clientId === second.clientId && entry.state === 'sent', { timeoutMs: 20_000 });
        await expect.poll(() => outboxRow(second.clientId), WAIT).toMatchObject({ author: 'ben', state: 'sent' });
        const replies = await brandRepliesTo(second.uri);
        expect(replies).toEqual([sent.uri]);
        expect(await brandRepliesTo(first.uri)).toEqual([posted]);
      },
    );
  }, 180_000);
});
