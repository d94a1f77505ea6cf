import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step } from '../support/step';
import type { TeamRowChange, TeamRowsPage, TeamStatus, TeamWrite } from '@tandem/contract';
import { createCore, type Core } from '../../../main/core/app/createCore';
import { silentLogger } from '../../../main/core/log/logger';
import { Profile } from '../../../main/core/profile/profileSchema';
import { MemorySecretStore } from '../../../main/core/secrets/secretStore';
import { MemoryPreferencesStore } from '../../../main/core/settings/preferencesStore';
import { startTeamCluster, type AgentLogin, type TeamCluster } from './support/teamCluster';

const WAIT_MS = 20_000;
const DATABASE = 'history';

/**
 * One agent's desk core, as main runs it (profile, data folder, its own team
 * session), with everything it told its windows: the history rows it
 * announced (`team:rows`) and its team status.
 */
class Desk {
  readonly rows: TeamRowChange[] = [];
  readonly statuses: TeamStatus[] = [];
  readonly #waiters = new Set<() => void>();

  private constructor(
    readonly login: AgentLogin,
    readonly core: Core,
  ) {
    core.events.on('team:rows', ({ rows }) => {
      this.rows.push(...rows);
      this.#wake();
    });
    core.events.on('team:status', (status) => {
      this.statuses.push(status);
      this.#wake();
    });
  }

  static async open(login: AgentLogin, name: string): Promise<Desk> {
    const core = await createCore({
      profile: Profile.parse({
        agent: { name, id: login.id },
        team: { database: { url: cluster.url(DATABASE, login.id), password: login.password, tls: 'disable' } },
      }),
      secrets: new MemorySecretStore(),
      preferences: new MemoryPreferencesStore(),
      shell: 'web',
      version: '0.0.0-test',
      log: silentLogger,
      dataDir: await mkdtemp(join(tmpdir(), `tandem-history-${login.id}-`)),
    });
    const desk = new Desk(login, core);
    await desk.until(async () => (await desk.status()).state === 'connected', 'connected');
    return desk;
  }

  async status(): Promise<TeamStatus> {
    const answer = await this.core.dispatch('team:getStatus', {});
    if (!answer.ok) throw new Error(`no status: ${JSON.stringify(answer)}`);
    return answer.value as TeamStatus;
  }

  async write(write: TeamWrite): Promise<void> {
    const answer = await this.core.dispatch('team:write', write);
    expect(answer).toEqual({ ok: true, value: null });
  }

  async rowsSince(after: number, limit = 500): Promise<TeamRowsPage> {
    const answer = await this.core.dispatch('team:rowsSince', { after, limit });
    if (!answer.ok) throw new Error(`rowsSince refused: ${JSON.stringify(answer)}`);
    return answer.value as TeamRowsPage;
  }

  /** The announced rows for one id, in the order they came. */
  heard<T extends TeamRowChange['table']>(table: T, id: string): Extract<TeamRowChange, { table: T }>[] {
    return this.rows.filter((row): row is Extract<TeamRowChange, { table: T }> => row.table === table && row.id === id);
  }

  /** Resolves when `done` holds, checked after every row batch and status, and on a short poll for main's own answers. */
  until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        this.#waiters.delete(check);
        clearTimeout(timer);
        clearInterval(poll);
        if (error === undefined) resolve();
        else reject(error);
      };
      const check = () => {
        void Promise.resolve(done()).then((ok) => ok && finish(), finish);
      };
      const timer = setTimeout(() => finish(new Error(`${this.login.id}: not ${what} after ${WAIT_MS} ms`)), WAIT_MS);
      // Statuses are announced on change only, and a dispatch answer is not an event: look again now and then.
      const poll = setInterval(check, 100);
      this.#waiters.add(check);
      check();
    });
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

let cluster: TeamCluster;
let ana: Desk;
let ben: Desk;

const T0 = 1_764_700_000_000;

beforeAll(async () => {
  cluster = await startTeamCluster();
  await cluster.teamDatabase(DATABASE);
  const logins = { ana: await cluster.addAgent(DATABASE, 'ana', 'Ana Ruiz', 'agent'), ben: await cluster.addAgent(DATABASE, 'ben', 'Ben Okafor', 'agent') };
  ana = await Desk.open(logins.ana, 'Ana Ruiz');
  ben = await Desk.open(logins.ben, 'Ben Okafor');
});

afterAll(async () => {
  await Promise.all([ana?.core.dispose(), ben?.core.dispose()]);
  await cluster?.close();
});

describe("a customer's history written on one desk reaches every desk's cache", () => {
  it('Ana creates Carla, links her number and writes a note: Ben is told each row, read under his own login, with who wrote it', async () => {
    await ana.write({ kind: 'customer', id: 'carla', name: 'Carla Diaz', createdAt: T0 });
    await ana.write({
      kind: 'identityLink',
      id: 'carla|phone|+12125550123',
      customerId: 'carla',
      identityKind: 'phone',
      value: '+12125550123',
      did: null,
      status: 'unverified',
      verifiedHow: null,
      verifiedAt: null,
      claim: null,
    });
    await ana.write({ kind: 'note', id: 'n-ana-1', customerId: 'carla', callId: null, text: 'Wants a callback about the refund', createdAt: T0 + 1_000 });

    await ben.until(() => ben.heard('notes', 'n-ana-1').length > 0, 'told of the note');
    expect(ben.heard('customers', 'carla')).toEqual([expect.objectContaining({ row: { name: 'Carla Diaz', createdBy: 'ana', createdAt: T0, updatedAt: T0 } })]);
    expect(ben.heard('identities', 'carla|phone|+12125550123').at(-1)?.row).toMatchObject({
      kind: 'phone',
      value: '+12125550123',
      status: 'unverified',
      verifiedBy: null,
    });
    expect(ben.heard('notes', 'n-ana-1')).toEqual([
      expect.objectContaining({
        row: {
          customerId: 'carla',
          callId: null,
          text: 'Wants a callback about the refund',
          important: false,
          author: { id: 'ana', name: 'Ana Ruiz' },
          createdAt: T0 + 1_000,
          updatedAt: T0 + 1_000,
        },
      }),
    ]);
    // Ana's own desk hears its echo too: the same ids its cache already has.
    await ana.until(() => ana.heard('notes', 'n-ana-1').length === 1, 'told of her own note');
  });

  it("Ana imports a file of customers: each batch reaches Ben's desk, customers before their numbers and notes, once however often it is sent", async () => {
    // What the renderer's import sends for one stored batch (customers/teamImports.ts): one `team:writeMany`.
    const writes: TeamWrite[] = [
      { kind: 'customer', id: 'imp-dora', name: 'Dora Imported', createdAt: T0 },
      { kind: 'customer', id: 'imp-elif', name: 'Elif Imported', createdAt: T0 },
      {
        kind: 'identityLink',
        id: 'imp-dora|phone|+12125550177',
        customerId: 'imp-dora',
        identityKind: 'phone',
        value: '+12125550177',
        did: null,
        status: 'unverified',
        verifiedHow: null,
        verifiedAt: null,
        claim: null,
      },
      { kind: 'note', id: 'imp-note-dora', customerId: 'imp-dora', callId: null, text: 'From the old CRM', createdAt: T0 },
    ];
    const send = async () => expect(await ana.core.dispatch('team:writeMany', { writes })).toEqual({ ok: true, value: null });
    await send();
    await ben.until(() => ben.heard('notes', 'imp-note-dora').length > 0, "told of the imported customer's note");
    expect(ben.heard('customers', 'imp-dora').at(-1)?.row).toMatchObject({ name: 'Dora Imported', createdBy: 'ana' });
    expect(ben.heard('customers', 'imp-elif').at(-1)?.row).toMatchObject({ name: 'Elif Imported' });
    expect(ben.heard('identities', 'imp-dora|phone|+12125550177').at(-1)?.row).toMatchObject({ customerId: 'imp-dora', status: 'unverified' });

    // A repeat (the import run again, a retry after a crash) is a no-op by client id: no new change reaches Ben.
    const heardBefore = ben.rows.length;
    await send();
    await ana.until(async () => (await ana.status()).pending === 0, 'written the repeat');
    await ana.write({ kind: 'note', id: 'imp-marker', customerId: 'imp-elif', callId: null, text: 'marker', createdAt: T0 });
    await ben.until(() => ben.heard('notes', 'imp-marker').length > 0, 'told of the marker');
    expect(ben.rows.slice(heardBefore).map((row) => row.id)).toEqual(['imp-marker']);
  });

  it("a call's wrap-up code picked after hang-up, a proof and a rename update the rows every desk sees; a verified link keeps who verified it and how", async () => {
    const call: Extract<TeamWrite, { kind: 'call' }> = {
      kind: 'call',
      id: 'call:c-77',
      customerId: 'carla',
      direction: 'inbound',
      at: T0 + 2_000,
      summary: 'Refund promised',
      wrapUpCode: null,
      callId: 'c-77',
    };
    // Placed from a conversation ("Call now", issue 15): the later write without the link keeps it.
    await ana.write({ ...call, conversationId: 'at://did:plc:carla/app.bsky.feed.post/1' });
    await ana.write({ ...call, wrapUpCode: 'resolved' });
    await ana.write({
      kind: 'identityLink',
      id: 'carla|bluesky|carla.test',
      customerId: 'carla',
      identityKind: 'bluesky',
      value: 'carla.test',
      did: null,
      status: 'unverified',
      verifiedHow: null,
      verifiedAt: null,
      claim: null,
    });
    await ana.write({
      kind: 'identityLink',
      id: 'carla|bluesky|carla.test',
      customerId: 'carla',
      identityKind: 'bluesky',
      value: 'carla.test',
      did: 'did:plc:carla',
      status: 'verified',
      verifiedHow: 'code-post',
      verifiedAt: T0 + 3_000,
      claim: null,
    });
    await ana.write({ kind: 'customerRename', id: 'carla', name: 'Carla Díaz', updatedAt: T0 + 4_000 });
    // A rename made earlier, queued on some desk, arrives late: it does not undo the newer name.
    await ben.write({ kind: 'customerRename', id: 'carla', name: 'Carla D.', updatedAt: T0 + 3_500 });

    await ben.until(() => ben.heard('customers', 'carla').some((row) => row.row?.name === 'Carla Díaz'), 'told of the rename');
    await ben.until(() => ben.heard('identities', 'carla|bluesky|carla.test').some((row) => row.row?.status === 'verified'), 'told of the proof');
    await ben.until(() => ben.heard('interactions', 'call:c-77').some((row) => row.row?.wrapUpCode === 'resolved'), 'told of the wrap-up code');
    expect(ben.heard('interactions', 'call:c-77').at(-1)?.row).toMatchObject({
      channel: 'call',
      summary: 'Refund promised',
      conversationId: 'at://did:plc:carla/app.bsky.feed.post/1',
      author: { id: 'ana', name: 'Ana Ruiz' },
    });
    expect(ben.heard('identities', 'carla|bluesky|carla.test').at(-1)?.row).toMatchObject({
      did: 'did:plc:carla',
      status: 'verified',
      verifiedBy: { id: 'ana', name: 'Ana Ruiz' },
      verifiedHow: 'code-post',
      verifiedAt: T0 + 3_000,
    });
    // Ben's late, older rename was a no-op: the database still has Ana's.
    const page = await ben.rowsSince(0);
    expect(page.rows.find((row) => row.table === 'customers' && row.id === 'carla')?.row).toMatchObject({ name: 'Carla Díaz' });
  });

  it('an unlink on one desk deletes the link on every desk', async () => {
    await ben.write({ kind: 'identityUnlink', id: 'carla|phone|+12125550123' });
    await ana.until(() => ana.heard('identities', 'carla|phone|+12125550123').at(-1)?.row === null, 'told of the unlink');
  });

  it("a link claimed on Ana's desk reaches Ben with who claimed it, how and when, and never as verified; the proof later keeps who verified it", async () => {
    const id = 'erin|bluesky|erin.test';
    const claim = {
      handle: 'erin.test',
      did: 'did:plc:erin',
      phone: '+12125550188',
      evidenceUri: 'at://did:plc:erin/chat.bsky.convo.message/m1',
      at: T0 + 6_000,
    };
    const claimed: TeamWrite = {
      kind: 'identityLink',
      id,
      customerId: 'erin',
      identityKind: 'bluesky',
      value: 'erin.test',
      did: 'did:plc:erin',
      status: 'claimed',
      verifiedHow: null,
      verifiedAt: null,
      claim,
    };
    await step('Ana records Erin, her number, and the account that privately sent that number', async () => {
      await ana.write({ kind: 'customer', id: 'erin', name: 'Erin Park', createdAt: T0 + 5_000 });
      await ana.write(claimed);
    });
    await step('Ben is told the link as claimed, with its evidence, and with nobody as its verifier', async () => {
      await ben.until(() => ben.heard('identities', id).some((row) => row.row?.status === 'claimed'), 'told of the claim');
      expect(ben.heard('identities', id).at(-1)?.row).toEqual({
        customerId: 'erin',
        kind: 'bluesky',
        value: 'erin.test',
        did: 'did:plc:erin',
        status: 'claimed',
        verifiedBy: null,
        verifiedHow: null,
        verifiedAt: null,
        claim,
      });
    });
    await step('with plain SQL, a claimed link that says how it was verified is refused by the database', async () => {
      const asAna = cluster.as(DATABASE, ana.login);
      await expect(
        asAna.query(
          "insert into identities (id, customer_id, kind, value, status, verified_how, claim_handle, claim_at) values ('erin|email|erin@example.test', 'erin', 'email', 'erin@example.test', 'claimed', 'code-post', 'erin.test', now())",
        ),
      ).rejects.toMatchObject({ code: '23514' });
      await expect(asAna.query("update identities set claim_handle = 'mallory.test' where id = 'carla|bluesky|carla.test'")).rejects.toMatchObject({
        code: '23514',
      });
    });
    await step('Ana proves the link: Ben is told it is verified by Ana, how, and the claim is gone', async () => {
      await ana.write({ ...claimed, status: 'verified', verifiedHow: 'code-message', verifiedAt: T0 + 7_000, claim: null });
      await ben.until(() => ben.heard('identities', id).some((row) => row.row?.status === 'verified'), 'told of the proof');
      expect(ben.heard('identities', id).at(-1)?.row).toMatchObject({
        status: 'verified',
        verifiedBy: { id: 'ana', name: 'Ana Ruiz' },
        verifiedHow: 'code-message',
        verifiedAt: T0 + 7_000,
        claim: null,
      });
    });
    await step('a claim queued before the proof and written after it does not take the verification away', async () => {
      const before = ben.heard('identities', id).length;
      await ben.write(claimed);
      await ben.until(async () => {
        const status = await ben.status();
        return status.pending === 0 && status.refused === undefined;
      }, 'done with the late claim, refused nothing');
      const page = await ben.rowsSince(0);
      expect(page.rows.filter((row) => row.id === id).at(-1)?.row).toMatchObject({ status: 'verified', verifiedBy: { id: 'ana' }, claim: null });
      expect(ben.heard('identities', id)).toHaveLength(before);
    });
  });

  it('a window that reloads catches up from its own cursor, page by page, with the rows as they are now', async () => {
    const first = await ben.rowsSince(0, 3);
    expect(first.done).toBe(false);
    expect(first.rows.length).toBeGreaterThan(0);
    const rest: TeamRowChange[] = [...first.rows];
    let after = first.through;
    for (;;) {
      const page = await ben.rowsSince(after, 3);
      rest.push(...page.rows);
      after = page.through;
      if (page.done) break;
    }
    expect(rest.find((row) => row.table === 'identities' && row.id === 'carla|phone|+12125550123')?.row).toBeNull();
    expect(rest.find((row) => row.table === 'notes' && row.id === 'n-ana-1')?.row).toMatchObject({ author: { id: 'ana', name: 'Ana Ruiz' } });
    const latest = await ben.rowsSince(after);
    expect(latest).toMatchObject({ rows: [], through: after, done: true });
  });
});

describe('offline is normal', () => {
  it("Ben's database connection is cut, he writes a note, the connection comes back: Ana is told of it exactly once", async () => {
    const admin = cluster.admin(DATABASE);
    // Ben may not log in for a while: his desk stays offline, however short its backoff.
    await admin.query('alter role ben nologin');
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where usename = 'ben'`);
    await ben.until(async () => (await ben.status()).state === 'offline', 'offline');

    await ben.write({ kind: 'note', id: 'n-ben-offline', customerId: 'carla', callId: null, text: 'Called back, no answer', createdAt: T0 + 10_000 });
    expect(await ben.status()).toMatchObject({ state: 'offline', pending: 1 });
    expect(ana.heard('notes', 'n-ben-offline')).toEqual([]);

    await admin.query('alter role ben login');
    // The agent gives the password again in Accounts: a desk waiting out its backoff tries at once. (An attempt
    // already under way when the login came back fails and waits again: it is given the password once more.)
    await ben.until(async () => {
      const status = await ben.status();
      if (status.state === 'offline') await ben.core.dispatch('settings:setTeamPassword', { password: ben.login.password });
      return status.state === 'connected' && status.pending === 0;
    }, 'connected with its outbox written');
    await ana.until(() => ana.heard('notes', 'n-ben-offline').length > 0, 'told of Ben’s note');
    expect(ana.heard('notes', 'n-ben-offline').map((change) => change.row)).toEqual([
      expect.objectContaining({ text: 'Called back, no answer', author: { id: 'ben', name: 'Ben Okafor' } }),
    ]);
    // Nothing more comes later: a later note of Ben's arrives after any repeat would have (rows are announced in order).
    await ben.write({ kind: 'note', id: 'n-ben-marker', customerId: 'carla', callId: null, text: 'Marker', createdAt: T0 + 11_000 });
    await ana.until(() => ana.heard('notes', 'n-ben-marker').length > 0, 'told of the marker note');
    const { rows } = await admin.query<{ n: string }>(`select count(*) as n from team_changes where row_id = 'n-ben-offline'`);
    expect(rows).toEqual([{ n: '1' }]);
    expect(ana.heard('notes', 'n-ben-offline')).toHaveLength(1);
  });

  it('a note the database refuses for good (its customer does not exist) is kept on the desk and counted, and the queue goes on', async () => {
    await ana.write({ kind: 'note', id: 'n-orphan', customerId: 'nobody', callId: null, text: 'About a customer the team never had', createdAt: T0 + 20_000 });
    await ana.write({ kind: 'note', id: 'n-after-orphan', customerId: 'carla', callId: null, text: 'Still written', createdAt: T0 + 20_001 });
    await ben.until(() => ben.heard('notes', 'n-after-orphan').length === 1, 'told of the note behind it');
    // Ben may hear of the second note before Ana's outbox has taken it off its queue: wait for her desk to settle.
    await ana.until(async () => {
      const status = await ana.status();
      return status.state === 'connected' && status.pending === 0 && status.refused === 1;
    }, 'connected, nothing waiting, one refused write counted');
    // Her windows are told too (the header's Team status).
    await ana.until(() => ana.statuses.at(-1)?.refused === 1, 'announcing the refused write');
    expect(ana.heard('notes', 'n-orphan')).toEqual([]);
  });
});
