import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ClientConfig } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamStatus } from '@tandem/contract';
import { createCore } from '../../../main/core/app/createCore';
import { silentLogger } from '../../../main/core/log/logger';
import { Profile } from '../../../main/core/profile/profileSchema';
import { MemorySecretStore } from '../../../main/core/secrets/secretStore';
import { MemoryPreferencesStore } from '../../../main/core/settings/preferencesStore';
import { teamClientConfig } from '../../../main/core/team/teamConfig';
import { TeamFeed, type TeamChange, type TeamFeedStatus } from '../../../main/core/team/teamFeed';
import { TeamOutbox } from '../../../main/core/team/teamOutbox';
import type { TeamWrite } from '../../../main/core/team/teamWrites';
import { LOOPBACK } from '../../peers/ports';
import { startTeamCluster, type AgentLogin, type TeamCluster } from './support/teamCluster';

const WAIT_MS = 20_000;

/**
 * One desk's team session in Node, as main runs it: its own data folder
 * (cursor and outbox files) and its own application_name, so the test can
 * find its backend. `hold()` makes the next connection attempt wait at the
 * door (the config is read first), so a test can write while the desk is
 * away, however short the backoff.
 */
class DeskSession {
  readonly changes: TeamChange[] = [];
  /** Every state the feed passed through, in order. */
  readonly states: string[] = [];
  readonly feed: TeamFeed;
  #gate: { promise: Promise<void>; open: () => void } | undefined;
  readonly #waiters = new Set<() => void>();

  private constructor(
    readonly name: string,
    readonly dataDir: string,
    base: ClientConfig,
    outbox: TeamOutbox,
  ) {
    this.feed = new TeamFeed({
      config: async () => {
        await this.#gate?.promise;
        return { ...base, application_name: name };
      },
      outbox,
      cursorPath: join(dataDir, 'cursor.json'),
      log: silentLogger,
      // Small pages, so a catch-up of a few dozen changes takes several.
      pageSize: 10,
      backoff: { baseMs: 20, capMs: 200 },
      gapGraceMs: 200,
    });
    this.feed.onChange((change) => {
      this.changes.push(change);
      this.#wake();
    });
    this.feed.onStatus((status) => {
      if (this.states.at(-1) !== status.state) this.states.push(status.state);
      this.#wake();
    });
  }

  static async open(login: AgentLogin, existingDataDir?: string): Promise<DeskSession> {
    const name = login.id;
    const dataDir = existingDataDir ?? (await mkdtemp(join(tmpdir(), `tandem-team-${name}-`)));
    // The agent's own login on the migrated team database, so row-level security applies; loopback without TLS.
    const base = await teamClientConfig({ url: cluster.url(DATABASE, login.id), login: login.id, tls: 'disable' }, login.password);
    const desk = new DeskSession(name, dataDir, base, await TeamOutbox.open(join(dataDir, 'outbox.json')));
    await desk.feed.start();
    await desk.until((status) => status.state === 'live', 'live');
    return desk;
  }

  hold(): void {
    let open = () => undefined as void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.#gate = { promise, open };
  }

  release(): void {
    this.#gate?.open();
    this.#gate = undefined;
  }

  /** Resolves when `done` holds, checked after every status change and every change applied. */
  until(done: (status: TeamFeedStatus, desk: DeskSession) => boolean, what: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done(this.feed.status(), this)) return;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`${this.name}: not ${what} after ${WAIT_MS} ms; status ${JSON.stringify(this.feed.status())}`));
      }, WAIT_MS);
      this.#waiters.add(check);
      check();
    });
  }

  /** Resolves once every one of `seqs` has been applied. */
  saw(seqs: readonly number[]): Promise<void> {
    return this.until((_status, desk) => seqs.every((seq) => desk.changes.some((change) => change.seq === seq)), `seen seqs ${seqs.join(',')}`);
  }

  timesSeen(seq: number): number {
    return this.changes.filter((change) => change.seq === seq).length;
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

const DATABASE = 'team';
let cluster: TeamCluster;
let logins: { ana: AgentLogin; ben: AgentLogin };
let admin: pg.Client;
let ana: DeskSession;
let ben: DeskSession;

async function connectAdmin(): Promise<pg.Client> {
  const client = new pg.Client({ host: LOOPBACK, port: cluster.postgres.port, user: 'postgres', database: DATABASE, password: cluster.adminPassword });
  await client.connect();
  return client;
}

/** `count` notes written by someone else in one statement; their seqs, in order. */
async function othersWriteNotes(prefix: string, count: number): Promise<number[]> {
  const result = await admin.query<{ seq: string }>(
    `insert into notes (id, customer_id, text, author, created_at, updated_at)
     select $1 || g, 'c-1', 'note ' || g, 'carlos', now(), now() from generate_series(1, $2) g returning seq`,
    [prefix, count],
  );
  return result.rows.map((row) => Number(row.seq)).sort((a, b) => a - b);
}

async function allSeqs(): Promise<number[]> {
  return (await admin.query<{ seq: string }>('select seq from team_changes order by seq')).rows.map((row) => Number(row.seq));
}

/** Ends a desk's LISTEN session from the server side, as a DBA or a failing network would. */
async function dropSession(desk: DeskSession): Promise<void> {
  const ended = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [desk.name]);
  expect(ended.rowCount).toBe(1);
}

const note = (id: string, text: string): TeamWrite => ({ kind: 'note', id, customerId: 'c-1', callId: null, text, createdAt: Date.now() });

beforeAll(async () => {
  cluster = await startTeamCluster();
  await cluster.teamDatabase(DATABASE);
  logins = { ana: await cluster.addAgent(DATABASE, 'ana', 'Ana Ruiz', 'agent'), ben: await cluster.addAgent(DATABASE, 'ben', 'Ben Okafor', 'agent') };
  admin = await connectAdmin();
  await admin.query(`insert into customers (id, name, created_by, created_at, updated_at) values ('c-1', 'Carla Diaz', 'carlos', now(), now())`);
  ana = await DeskSession.open(logins.ana);
  ben = await DeskSession.open(logins.ben);
});

afterAll(async () => {
  await Promise.all([ana?.feed.stop(), ben?.feed.stop()]);
  await admin?.end().catch(() => undefined);
  await cluster?.close();
});

describe('every desk of a team hears every change, once', () => {
  it('a note Ana writes reaches Ben through NOTIFY', async () => {
    await ana.feed.write(note('n-ana-1', 'Customer wants a callback'));
    await ben.until((_status, desk) => desk.changes.some((change) => change.table === 'notes' && change.id === 'n-ana-1'), 'told of n-ana-1');
    await ana.until((status) => status.pendingChanges === 0, 'flushed');
    const { rows } = await admin.query<{ author: string }>(`select author from notes where id = 'n-ana-1'`);
    expect(rows).toEqual([{ author: 'ana' }]);
  });

  it("Ben's LISTEN connection is dropped: the catch-up brings every change he missed, exactly once, in order", async () => {
    const before = ben.changes.length;
    ben.hold();
    await dropSession(ben);
    await ben.until((status) => status.state === 'connecting', 'trying to reconnect');

    // A write rolled back meanwhile leaves a hole before them: the desk waits it out, reading team_changes again.
    await admin.query('begin');
    await admin.query(`insert into notes (id, customer_id, text, author, created_at, updated_at) values ('n-rolled-back', 'c-1', 'x', 'carlos', now(), now())`);
    await admin.query('rollback');
    const missed = await othersWriteNotes('n-missed-', 25);
    await ana.saw(missed);
    ben.release();
    await ben.until((status) => status.state === 'live', 'live again');
    await ben.saw(missed);

    // The hole is settled only after a second read of team_changes, which returned all 25 again.
    await ben.until((status) => status.settledSeq === missed.at(-1), 'past the hole');
    for (const seq of missed) expect(ben.timesSeen(seq)).toBe(1);
    const caughtUp = ben.changes.slice(before).map((change) => change.seq);
    expect(caughtUp).toEqual(missed);
  });

  it('PostgreSQL restarts mid-stream: both desks resync with nothing lost and nothing doubled', async () => {
    const beforeRestart = await othersWriteNotes('n-before-', 5);
    // A transaction still open when the server stops is rolled back: its seqs are holes nobody may wait on forever.
    const inFlight = await connectAdmin();
    inFlight.on('error', () => undefined);
    await inFlight.query('begin');
    await inFlight.query(
      `insert into notes (id, customer_id, text, author, created_at, updated_at) values ('n-lost', 'c-1', 'never committed', 'carlos', now(), now())`,
    );

    admin.on('error', () => undefined);
    const marks = [ana.states.length, ben.states.length];
    await cluster.postgres.restart();
    admin = await connectAdmin();
    const afterRestart = await othersWriteNotes('n-after-', 5);

    for (const [index, desk] of [ana, ben].entries()) {
      // Told the server went away, then back through a catch-up.
      await desk.until(
        (_status, self) => self.states.slice(marks[index]).join(' → ').endsWith('reconnecting → connecting → catching-up → live'),
        'live again after the restart',
      );
      await desk.saw([...beforeRestart, ...afterRestart]);
    }
    const committed = await allSeqs();
    for (const desk of [ana, ben]) {
      expect(desk.changes.map((change) => change.seq).sort((a, b) => a - b)).toEqual(committed);
      expect(desk.changes.some((change) => change.id === 'n-lost')).toBe(false);
    }
    await inFlight.end().catch(() => undefined);
  });

  it("Ana's notes written offline are written once when she is back; one already in the database is left as it is", async () => {
    ana.hold();
    await dropSession(ana);
    await ana.until((status) => status.state === 'connecting', 'trying to reconnect');
    await ana.feed.write(note('n-offline-1', 'Written with the database away'));
    await ana.feed.write(note('n-offline-2', 'Written twice'));
    await ana.until((status) => status.pendingChanges === 2, 'holding two writes');
    // The second one did reach the database before (a flush cut off before its answer).
    await admin.query(
      `insert into notes (id, customer_id, text, author, created_at, updated_at) values ('n-offline-2', 'c-1', 'first copy', 'ana', now(), now())`,
    );
    const outboxFile = JSON.parse(await readFile(join(ana.dataDir, 'outbox.json'), 'utf8')) as { writes: { id: string }[] };
    expect(outboxFile.writes.map((write) => write.id)).toEqual(['n-offline-1', 'n-offline-2']);

    ana.release();
    await ana.until((status) => status.state === 'live' && status.pendingChanges === 0, 'live with the outbox empty');
    const { rows } = await admin.query<{ id: string; text: string; changes: string }>(
      `select n.id, n.text, (select count(*) from team_changes c where c.table_name = 'notes' and c.row_id = n.id) as changes
       from notes n where n.id like 'n-offline-%' order by n.id`,
    );
    expect(rows).toEqual([
      { id: 'n-offline-1', text: 'Written with the database away', changes: '1' },
      { id: 'n-offline-2', text: 'first copy', changes: '1' },
    ]);
    const [written] = (await admin.query<{ seq: string }>(`select seq from team_changes where row_id = 'n-offline-1'`)).rows;
    await ben.saw([Number(written?.seq)]);
    expect(ben.changes.filter((change) => change.id === 'n-offline-1')).toHaveLength(1);
    expect(JSON.parse(await readFile(join(ana.dataDir, 'outbox.json'), 'utf8'))).toEqual({ version: 1, writes: [] });
  });

  it('the last applied change is kept in the data folder, so a desk that restarts catches up from there', async () => {
    const lastBefore = (await allSeqs()).at(-1) ?? 0;
    await ben.saw([lastBefore]);
    await ben.feed.stop();
    const { watermark } = JSON.parse(await readFile(join(ben.dataDir, 'cursor.json'), 'utf8')) as { watermark: number };
    // Everything up to the 25 missed notes is settled; later holes may still be waiting out their grace.
    expect(watermark).toBeGreaterThanOrEqual(28);
    expect(watermark).toBeLessThanOrEqual(lastBefore);

    const whileAway = await othersWriteNotes('n-away-', 3);
    ben = await DeskSession.open(logins.ben, ben.dataDir);
    await ben.saw(whileAway);
    const committed = await allSeqs();
    // Only what lies after the stored watermark is read again, each once, in order.
    expect(ben.changes.map((change) => change.seq)).toEqual(committed.filter((seq) => seq > watermark));
  });
});

describe('a desk built from its profile', () => {
  it('connects to the team database named in the profile and tells its windows "connected", then "offline" when it is cut', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tandem-team-core-'));
    const core = await createCore({
      profile: Profile.parse({
        agent: { name: 'Ana Ruiz', id: 'ana' },
        team: { database: { url: cluster.url(DATABASE, 'ana'), password: logins.ana.password, tls: 'disable' } },
      }),
      secrets: new MemorySecretStore(),
      preferences: new MemoryPreferencesStore(),
      shell: 'web',
      version: '0.0.0-test',
      log: silentLogger,
      dataDir,
    });
    const heard: TeamStatus[] = [];
    const heardState = (state: TeamStatus['state']) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`never told "${state}"; heard ${JSON.stringify(heard)}`)), WAIT_MS);
        const check = () => {
          if (heard.some((status) => status.state === state)) {
            clearTimeout(timer);
            resolve();
          }
        };
        core.events.on('team:status', (status) => {
          heard.push(status);
          check();
        });
        check();
      });
    try {
      const answer = await core.dispatch('team:getStatus', {});
      if (answer.ok && (answer.value as TeamStatus).state !== 'connected') await heardState('connected');
      expect(await core.dispatch('team:getStatus', {})).toEqual({ ok: true, value: { state: 'connected', pending: 0 } });

      const offline = heardState('offline');
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'tandem-desk'`);
      await offline;
      expect(heard.find((status) => status.state === 'offline')).toMatchObject({ pending: 0, detail: 'team.detail.unreachable' });
      expect(JSON.stringify(heard)).not.toContain('not-needed-on-trust');
    } finally {
      await core.dispose();
    }
  });
});
