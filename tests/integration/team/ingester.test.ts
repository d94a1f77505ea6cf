/**
 * One ingester per team (issue 11): two desks follow the same brand account;
 * the one whose session holds the advisory lock writes what the network
 * sends, the other stands by. The leader's session is killed in the middle
 * of the stream, then the next leader is stopped in the middle of it: each
 * time the other desk takes over from the stored cursor, and in the end every
 * post is in the team database exactly once.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import { Ingester, INGESTER_APPLICATION_NAME, readIngestCursor, writeIngestBatch, type IngestBatch } from '../../../main/core/team/ingester';
import type { IngesterState } from '../../../main/core/team/ingesterMachine';
import { assertLoopbackOnly } from '../../peers/netns';
import { LOOPBACK } from '../../peers/ports';
import { step } from '../support/step';
import { FAKE_CONVERSATIONS, FAKE_EPOCH, FakeIngestNetwork, fakePost, type FakeIngestSource } from './support/fakeIngestNetwork';
import { startTeamCluster, type AgentLogin, type TeamCluster } from './support/teamCluster';

const DB = 'team_ingest';
const ACCOUNT = 'bluesky:acme.test';
const POSTS = 500;
const BATCH = 20;
/** Posts a resumed follow gets again (the fake network, like a firehose, delivers at least once). */
const OVERLAP = 5;
/** Generous: the story waits for states, it does not time them (the takeover time is printed). */
const WAIT = { timeout: 20_000, interval: 20 };
/** Standby desks ask again this often (the product's default is 3 s). */
const RETRY_MS = 500;

let cluster: TeamCluster;
let admin: pg.Pool;
let ana: AgentLogin;
let ben: AgentLogin;
const running: Ingester[] = [];

interface Desk {
  readonly ingester: Ingester;
  readonly source: FakeIngestSource;
  /** When this desk last became the leader (performance.now()). */
  leadingSince: number;
  /** Every state it went through, in order. */
  readonly states: IngesterState[];
  /** Closed: the desk's next connection waits (it is away), so the story decides who takes over. */
  readonly door: Door;
}

class Door {
  #passage: Promise<void> = Promise.resolve();
  #open: () => void = () => undefined;

  close(): void {
    this.#passage = new Promise((resolve) => (this.#open = resolve));
  }

  open(): void {
    this.#open();
  }

  pass(): Promise<void> {
    return this.#passage;
  }
}

function desk(login: AgentLogin, network: FakeIngestNetwork): Desk {
  const source = network.source(login.id);
  const door = new Door();
  const ingester = new Ingester({
    accountId: ACCOUNT,
    config: async () => {
      await door.pass();
      return { host: LOOPBACK, port: cluster.postgres.port, database: DB, user: login.id, password: login.password };
    },
    source,
    log: silentLogger,
    retryMs: RETRY_MS,
  });
  running.push(ingester);
  const entry: Desk = { ingester, source, leadingSince: Number.NaN, states: [], door };
  ingester.onStateChange((to) => {
    entry.states.push(to);
    if (to === 'leading') entry.leadingSince = performance.now();
  });
  return entry;
}

const stateOf = (entry: Desk): IngesterState => entry.ingester.state;

/** The logins whose sessions hold an advisory lock in the team database: the leaders. */
async function lockHolders(): Promise<string[]> {
  const held = await admin.query<{ usename: string }>(
    `select a.usename from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database())`,
  );
  return held.rows.map((row) => row.usename).sort();
}

/** The backend of the login's ingester session, if it has one. */
async function ingesterPid(login: string): Promise<number | null> {
  const found = await admin.query<{ pid: number }>('select pid from pg_stat_activity where usename = $1 and application_name = $2', [
    login,
    INGESTER_APPLICATION_NAME,
  ]);
  return found.rows[0]?.pid ?? null;
}

async function storedCursor(): Promise<string | null> {
  return readIngestCursor(admin, ACCOUNT);
}

beforeAll(async () => {
  assertLoopbackOnly();
  cluster = await startTeamCluster();
  admin = await cluster.teamDatabase(DB);
  ana = await cluster.addAgent(DB, 'ana', 'Ana Ruiz', 'agent');
  ben = await cluster.addAgent(DB, 'ben', 'Ben Okafor', 'agent');
  await cluster.addAgent(DB, 'carla', 'Carla Diaz', 'agent');
});

afterAll(async () => {
  await Promise.all(running.map((ingester) => ingester.stop()));
  await cluster?.close();
});

describe('One ingester per team', () => {
  it(`two desks, ${POSTS} posts: the leader is killed, the next is stopped, each time the other resumes from the stored cursor; every post lands once`, async () => {
    const network = new FakeIngestNetwork(BATCH, OVERLAP);
    const anaDesk = desk(ana, network);
    const benDesk = desk(ben, network);
    // A failed step must not leave a leader writing into the next story.
    onTestFinished(() => Promise.all([anaDesk.ingester.stop(), benDesk.ingester.stop()]).then(() => undefined));
    // Carla handles one thread before its new posts arrive: the ingester must move it along without taking it from her.
    const held = fakePost(3).conversationId;
    await admin.query(
      "insert into conversations (id, account_id, handler, lease_until, last_item_at) values ($1, $2, 'carla', now() + interval '10 minutes', $3)",
      [held, ACCOUNT, new Date(FAKE_EPOCH)],
    );

    await step("Ana's desk starts first and leads; Ben's stands by", async () => {
      anaDesk.ingester.start();
      await expect.poll(() => stateOf(anaDesk), WAIT).toBe('leading');
      benDesk.ingester.start();
      await expect.poll(() => stateOf(benDesk), WAIT).toBe('standby');
      expect(await lockHolders()).toEqual(['ana']);
      expect(anaDesk.source.followedFrom).toEqual([null]);
    });

    await step("Ben's idle standby session is dropped: his desk stays in standby and asks again on a new session", async () => {
      const before = await ingesterPid('ben');
      await admin.query('select pg_terminate_backend($1)', [before]);
      await expect.poll(() => ingesterPid('ben'), WAIT).not.toBe(before);
      await expect.poll(() => ingesterPid('ben'), WAIT).not.toBeNull();
      await expect.poll(() => stateOf(benDesk), WAIT).toBe('standby');
      expect(benDesk.states).not.toContain('leading');
      expect(await lockHolders()).toEqual(['ana']);
    });

    let killedAt = Number.NaN;
    let benStopped: Promise<void> | undefined;
    // Ben's stream is held at post 400 until Ana's desk stands by again, so it is she who takes over from him.
    const benMayQuit = new Door();
    benMayQuit.close();
    network.beforeBatch = async (follower, _firstPost, lastPost) => {
      if (follower === 'ana' && lastPost > 200 && Number.isNaN(killedAt)) {
        // Ana's desk dies with a batch in hand: its session (and the lock with it) is gone, and it stays away until Ben leads.
        anaDesk.door.close();
        killedAt = performance.now();
        await admin.query('select pg_terminate_backend($1)', [await ingesterPid('ana')]);
      }
      // Ben quits in the middle of the stream (not awaited here: stopping waits for this very batch to be given up).
      if (follower === 'ben' && lastPost > 400 && benStopped === undefined) {
        await benMayQuit.pass();
        benStopped = benDesk.ingester.stop();
      }
    };

    await step(`the network publishes ${POSTS} posts; Ana ingests 200 of them before her session is killed`, async () => {
      network.publish(POSTS);
      await expect.poll(() => anaDesk.states.join(' '), WAIT).toContain('leading standby');
      expect(anaDesk.source.accepted).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
    });

    await step("Ben's desk takes over and resumes from the stored cursor, 200", async () => {
      await expect.poll(() => stateOf(benDesk), WAIT).toBe('leading');
      console.info(`ingester takeover after the leader's session was killed: ${Math.round(benDesk.leadingSince - killedAt)} ms (retry every ${RETRY_MS} ms)`);
      expect(benDesk.leadingSince).toBeGreaterThan(killedAt);
      expect(benDesk.source.followedFrom).toEqual(['200']);
    });

    await step("Ana's desk comes back and stands by: Ben holds the lock", async () => {
      const away = anaDesk.states.length;
      anaDesk.door.open();
      await expect.poll(() => anaDesk.states.slice(away), WAIT).toContain('standby');
      expect(anaDesk.states.slice(away)).not.toContain('leading');
      expect(await lockHolders()).toEqual(['ben']);
      benMayQuit.open();
    });

    const quitAt = await step("Ben quits mid-stream, short of post 400; Ana's desk, standing by, takes over from his last batch", async () => {
      await expect.poll(() => benStopped !== undefined, WAIT).toBe(true);
      await benStopped;
      expect(stateOf(benDesk)).toBe('stopped');
      // He wrote the 5 posts the network gave again (already in), then on up to his last whole batch.
      const written = benDesk.source.accepted;
      expect(written[0]).toBe(200 - OVERLAP + 1);
      const last = written.at(-1) ?? 0;
      expect(last).toBeGreaterThan(400 - BATCH);
      expect(last).toBeLessThanOrEqual(400);
      expect(await storedCursor()).toBe(String(last));
      await expect.poll(() => stateOf(anaDesk), WAIT).toBe('leading');
      expect(anaDesk.source.followedFrom).toEqual([null, String(last)]);
      expect(await lockHolders()).toEqual(['ana']);
      return last;
    });

    await step('Ana ingests the rest: the cursor is the last post', async () => {
      await expect.poll(storedCursor, WAIT).toBe(String(POSTS));
      expect(anaDesk.source.accepted.at(-1)).toBe(POSTS);
      expect(anaDesk.source.accepted.filter((n) => n > 200)[0]).toBe(quitAt - OVERLAP + 1);
    });

    await step('every post is in social_items exactly once, and announced to the desks once', async () => {
      const items = await admin.query<{ n: number }>("select (payload ->> 'n')::int as n from social_items where account_id = $1 order by n", [ACCOUNT]);
      expect(items.rows.map((row) => row.n)).toEqual(Array.from({ length: POSTS }, (_, index) => index + 1));
      const announced = await admin.query<{ count: string }>("select count(*) from team_changes where table_name = 'social_items'");
      expect(Number(announced.rows[0]?.count)).toBe(POSTS);
    });

    await step("each thread's conversation moved to its last post; Carla still handles hers", async () => {
      const threads = await admin.query<{ id: string; handler: string | null; last_item_at: Date; author_did: string | null }>(
        'select id, handler, last_item_at, author_did from conversations where account_id = $1 order by id',
        [ACCOUNT],
      );
      expect(threads.rows).toHaveLength(FAKE_CONVERSATIONS);
      for (const thread of threads.rows) {
        const last = Math.max(
          ...Array.from({ length: POSTS }, (_, index) => fakePost(index + 1))
            .filter((post) => post.conversationId === thread.id)
            .map((post) => post.at),
        );
        expect({ id: thread.id, last: thread.last_item_at.getTime() }).toEqual({ id: thread.id, last });
        expect(thread.handler).toBe(thread.id === held ? 'carla' : null);
      }
    });
  }, 120_000);

  it('a second ingester racing the same batch is harmless: the items are written once', async () => {
    const account = 'bluesky:race.test';
    const batch: IngestBatch = { items: Array.from({ length: 50 }, (_, index) => ({ ...fakePost(10_000 + index), uri: `at://race/${index}` })), cursor: '50' };
    const anaPool = cluster.as(DB, ana, 1);
    const benPool = cluster.as(DB, ben, 1);

    await step('both write the batch at the same time, as two agents; neither fails', async () => {
      const [anaClient, benClient] = await Promise.all([anaPool.connect(), benPool.connect()]);
      try {
        await Promise.all([writeIngestBatch(anaClient, account, batch), writeIngestBatch(benClient, account, batch)]);
      } finally {
        anaClient.release();
        benClient.release();
      }
    });

    await step('each item is there once, announced once, and the cursor is the batch’s', async () => {
      const items = await admin.query<{ count: string }>('select count(*) from social_items where account_id = $1', [account]);
      expect(Number(items.rows[0]?.count)).toBe(50);
      const announced = await admin.query<{ count: string }>(
        "select count(*) from team_changes where table_name = 'social_items' and row_id like 'at://race/%'",
      );
      expect(Number(announced.rows[0]?.count)).toBe(50);
      expect(await readIngestCursor(admin, account)).toBe('50');
    });
  });
});
