/**
 * Two customers of a team become one (issue 12 §7): the database's
 * `merge_customers` (migration 9) moves every agent's rows, and each desk's
 * cache follows from the change feed. Ben's desk core feeds a real cache:
 * the renderer's Dexie schema (fake-indexeddb in Node) written by the
 * renderer's own applier (customers/teamRows.ts), as his window would.
 */
import 'fake-indexeddb/auto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamRowChange, TeamStatus, TeamWrite } from '@tandem/contract';
import type { Core } from '../../../main/core/app/createCore';
import { openTandemDb, type TandemDb } from '../../../renderer/src/data/db';
import { createTeamRowsApplier } from '../../../renderer/src/customers/teamRows';
import { identityId } from '../../../renderer/src/customers/model';
import { assertLoopbackOnly } from '../../peers/netns';
import { step } from '../support/step';
import { startTeamCluster, type AgentLogin, type TeamCluster } from './support/teamCluster';
import { startTeamDeskCore } from './support/teamDeskCore';

const DATABASE = 'merges';
const WAIT_MS = 20_000;
const T0 = 1_764_700_000_000;

let cluster: TeamCluster;
let admin: pg.Pool;
let logins: { ana: AgentLogin; ben: AgentLogin };
let ana: Core;
let ben: Core;
let benCache: TandemDb;
/** Ben's cache is written in the order the rows came, one batch after the other, as his window's queue does. */
let benApplied: Promise<void> = Promise.resolve();

async function write(core: Core, value: TeamWrite): Promise<void> {
  expect(await core.dispatch('team:write', value)).toEqual({ ok: true, value: null });
}

async function status(core: Core): Promise<TeamStatus> {
  const answer = await core.dispatch('team:getStatus', {});
  if (!answer.ok) throw new Error(`no status: ${JSON.stringify(answer)}`);
  return answer.value as TeamStatus;
}

/** Resolves when `done` holds, looking every 100 ms (rows reach the cache by events, the status by polling). */
async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    await benApplied;
    if (await done()) return;
    if (Date.now() > deadline) throw new Error(`not ${what} after ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const phoneLink = (customerId: string, value: string, status: 'unverified' | 'verified'): TeamWrite => ({
  kind: 'identityLink',
  id: identityId(customerId, 'phone', value),
  customerId,
  identityKind: 'phone',
  value,
  did: null,
  status,
  verifiedHow: status === 'verified' ? 'code-call' : null,
  verifiedAt: status === 'verified' ? T0 + 500 : null,
  claim: null,
});
const handleLink = (customerId: string, value: string, did: string): TeamWrite => ({
  kind: 'identityLink',
  id: identityId(customerId, 'bluesky', value),
  customerId,
  identityKind: 'bluesky',
  value,
  did,
  status: 'unverified',
  verifiedHow: null,
  verifiedAt: null,
  claim: null,
});
const note = (id: string, customerId: string, text: string): TeamWrite => ({ kind: 'note', id, customerId, callId: null, text, createdAt: T0 + 1_000 });

async function changesOf(rowId: string): Promise<number> {
  const { rows } = await admin.query<{ n: string }>('select count(*) as n from team_changes where row_id = $1', [rowId]);
  return Number(rows[0]?.n ?? 0);
}

beforeAll(async () => {
  assertLoopbackOnly();
  cluster = await startTeamCluster();
  admin = await cluster.teamDatabase(DATABASE);
  logins = { ana: await cluster.addAgent(DATABASE, 'ana', 'Ana Ruiz', 'agent'), ben: await cluster.addAgent(DATABASE, 'ben', 'Ben Okafor', 'agent') };
  ana = await startTeamDeskCore({ cluster, database: DATABASE, login: logins.ana, name: 'Ana Ruiz' });
  ben = await startTeamDeskCore({ cluster, database: DATABASE, login: logins.ben, name: 'Ben Okafor' });
  benCache = openTandemDb(`tandem-merge-ben-${Date.now()}`);
  const applier = createTeamRowsApplier(benCache);
  ben.events.on('team:rows', ({ rows }: { rows: readonly TeamRowChange[] }) => {
    benApplied = benApplied.then(() => applier.apply(rows));
  });
});

afterAll(async () => {
  await Promise.all([ana?.dispose(), ben?.dispose()]);
  benCache?.close();
  await cluster?.close();
});

describe('two customers of the team become one, on every desk', () => {
  it("Ana merges Ben's duplicate of Carla into hers: Ben's cache shows one Carla with both histories, and a second merge changes nothing", async () => {
    const carlaPhone = '+12125550123';
    await step('Ana records Carla with her number; Ben records "C. Diaz" with the same number (proven) and her handle, and notes', async () => {
      await write(ana, { kind: 'customer', id: 'carla', name: 'Carla Diaz', createdAt: T0 });
      await write(ana, phoneLink('carla', carlaPhone, 'unverified'));
      await write(ben, { kind: 'customer', id: 'dup', name: 'C. Diaz', createdAt: T0 - 5_000 });
      await write(ben, phoneLink('dup', carlaPhone, 'verified'));
      await write(ben, handleLink('dup', 'carla.test', 'did:plc:carla'));
      await write(ben, note('n-ben', 'dup', 'Prefers a call after 5pm'));
      await write(ana, note('n-ana', 'dup', 'Refund sent'));
      await write(ana, {
        kind: 'call',
        id: 'call:c-1',
        customerId: 'dup',
        direction: 'inbound',
        at: T0 + 2_000,
        summary: 'Asked about the refund',
        wrapUpCode: 'resolved',
        callId: 'c-1',
      });
      await until(async () => (await benCache.interactions.get('call:c-1')) !== undefined && (await benCache.notes.get('n-ana')) !== undefined, 'cached');
      expect(await benCache.customers.get('dup')).toMatchObject({ name: 'C. Diaz' });
    });

    await step('Ana merges the duplicate into Carla', async () => {
      await write(ana, { kind: 'customerMerge', id: 'merge-1', keptId: 'carla', mergedId: 'dup' });
      await until(async () => (await benCache.customers.get('dup')) === undefined, "the duplicate gone from Ben's cache");
    });

    await step("in Ben's cache Carla holds both customers' identities, notes and calls, the proven number stays proven", async () => {
      await until(async () => (await benCache.notes.get('n-ana'))?.customerId === 'carla', 'the notes moved');
      expect((await benCache.identities.where('customerId').equals('carla').toArray()).map((i) => [i.id, i.verified]).sort()).toEqual([
        [identityId('carla', 'bluesky', 'carla.test'), false],
        [identityId('carla', 'phone', carlaPhone), true],
      ]);
      expect(await benCache.identities.where('customerId').equals('dup').count()).toBe(0);
      expect((await benCache.notes.get('n-ben'))?.customerId).toBe('carla');
      expect((await benCache.interactions.get('call:c-1'))?.customerId).toBe('carla');
      expect(await benCache.customers.get('carla')).toMatchObject({ name: 'Carla Diaz' });
    });

    await step('the database records the merge: by Ana, into Carla; the notes keep their authors', async () => {
      const { rows } = await admin.query("select merged_into, merged_by from customers where id = 'dup'");
      expect(rows).toEqual([{ merged_into: 'carla', merged_by: 'ana' }]);
      const notes = await admin.query("select id, customer_id, author from notes where id in ('n-ana', 'n-ben') order by id");
      expect(notes.rows).toEqual([
        { id: 'n-ana', customer_id: 'carla', author: 'ana' },
        { id: 'n-ben', customer_id: 'carla', author: 'ben' },
      ]);
    });

    await step('Ben merges the same pair again: nothing changes, nothing is refused', async () => {
      const before = await admin.query<{ n: string }>('select count(*) as n from team_changes');
      await write(ben, { kind: 'customerMerge', id: 'merge-2', keptId: 'carla', mergedId: 'dup' });
      await write(ben, { kind: 'customerMerge', id: 'merge-3', keptId: 'dup', mergedId: 'carla' });
      await until(async () => {
        const now = await status(ben);
        return now.pending === 0;
      }, 'done with the repeats');
      expect((await status(ben)).refused).toBeUndefined();
      const after = await admin.query<{ n: string }>('select count(*) as n from team_changes');
      expect(after.rows).toEqual(before.rows);
    });
  });

  it('Ben merges while his desk is cut from the database: written once when it is back, and what was written meanwhile follows the merge', async () => {
    await step('two customers, Dora and her duplicate, reach both desks', async () => {
      await write(ana, { kind: 'customer', id: 'dora', name: 'Dora Lee', createdAt: T0 });
      await write(ana, { kind: 'customer', id: 'dora-2', name: 'Dora L.', createdAt: T0 });
      await write(ana, phoneLink('dora-2', '+12125550150', 'unverified'));
      await until(async () => (await benCache.identities.get(identityId('dora-2', 'phone', '+12125550150'))) !== undefined, 'cached');
    });

    await step("Ben's desk loses the database; he merges the duplicate (twice, as a double click would) and writes a note on it", async () => {
      await admin.query('alter role ben nologin');
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where usename = 'ben'`);
      await until(async () => (await status(ben)).state === 'offline', 'offline');
      await write(ben, { kind: 'customerMerge', id: 'merge-dora', keptId: 'dora', mergedId: 'dora-2' });
      await write(ben, { kind: 'customerMerge', id: 'merge-dora-again', keptId: 'dora', mergedId: 'dora-2' });
      await write(ben, note('n-ben-offline', 'dora-2', 'Written while offline'));
      expect(await status(ben)).toMatchObject({ state: 'offline', pending: 3 });
    });

    await step('meanwhile Ana writes a note on the duplicate', async () => {
      await write(ana, note('n-ana-meanwhile', 'dora-2', 'Called about her order'));
    });

    await step('the connection comes back: the merge is written once, and both notes are Dora’s', async () => {
      await admin.query('alter role ben login');
      await until(async () => {
        const now = await status(ben);
        if (now.state === 'offline') await ben.dispatch('settings:setTeamPassword', { password: logins.ben.password });
        return now.state === 'connected' && now.pending === 0;
      }, 'connected with its outbox written');
      expect(await ben.dispatch('team:refusedWrites', {})).toEqual({ ok: true, value: { writes: [] } });
      const customer = await admin.query("select merged_into, merged_by from customers where id = 'dora-2'");
      expect(customer.rows).toEqual([{ merged_into: 'dora', merged_by: 'ben' }]);
      // Created, then merged: the duplicate's row changed twice, not once per queued merge.
      expect(await changesOf('dora-2')).toBe(2);
      const notes = await admin.query("select id, customer_id from notes where id in ('n-ana-meanwhile', 'n-ben-offline') order by id");
      expect(notes.rows).toEqual([
        { id: 'n-ana-meanwhile', customer_id: 'dora' },
        { id: 'n-ben-offline', customer_id: 'dora' },
      ]);
    });

    await step("Ben's cache has one Dora with her number and both notes", async () => {
      await until(async () => (await benCache.notes.get('n-ben-offline'))?.customerId === 'dora', 'the offline note on Dora');
      await until(async () => (await benCache.notes.get('n-ana-meanwhile'))?.customerId === 'dora', "Ana's note on Dora");
      expect(await benCache.customers.get('dora-2')).toBeUndefined();
      expect((await benCache.identities.where('customerId').equals('dora').toArray()).map((i) => i.id)).toEqual([identityId('dora', 'phone', '+12125550150')]);
    });

    await step('a number linked later under the merged customer lands on the kept one, under its row key', async () => {
      await write(ana, phoneLink('dora-2', '+12125550151', 'unverified'));
      await until(async () => (await benCache.identities.get(identityId('dora', 'phone', '+12125550151'))) !== undefined, 'the link on Dora');
      expect(await benCache.identities.get(identityId('dora-2', 'phone', '+12125550151'))).toBeUndefined();
    });
  });

  it('the database decides who may merge: an agent through the function only; a login outside the team not at all', async () => {
    const asBen = cluster.as(DATABASE, logins.ben);
    try {
      await step("Ben cannot move Ana's note himself, nor mark a customer merged by hand", async () => {
        await write(ana, { kind: 'customer', id: 'eve', name: 'Eve Stone', createdAt: T0 });
        await write(ana, { kind: 'customer', id: 'eve-2', name: 'Eve S.', createdAt: T0 });
        await write(ana, note('n-eve', 'eve-2', 'VIP'));
        await until(async () => (await changesOf('n-eve')) > 0, 'written');
        expect((await asBen.query("update notes set customer_id = 'eve' where id = 'n-eve'")).rowCount).toBe(0);
        await expect(asBen.query("update customers set merged_into = 'eve' where id = 'eve-2'")).rejects.toMatchObject({ code: '42501' });
      });
      await step('a login that is not a team agent may not call merge_customers', async () => {
        await admin.query("create role outsider login password 'outsider-pw'");
        await admin.query(`grant connect on database ${DATABASE} to outsider`);
        const outsider = cluster.as(DATABASE, { id: 'outsider', password: 'outsider-pw' });
        try {
          await expect(outsider.query("select merge_customers('eve', 'eve-2')")).rejects.toMatchObject({ code: '42501' });
        } finally {
          await outsider.end();
        }
      });
      await step('an unknown customer is refused; Ben merges Eve through the function and it moves Ana’s note', async () => {
        await expect(asBen.query("select merge_customers('eve', 'nobody')")).rejects.toMatchObject({ code: '23503' });
        await asBen.query("select merge_customers('eve', 'eve-2')");
        const moved = await admin.query("select customer_id, author from notes where id = 'n-eve'");
        expect(moved.rows).toEqual([{ customer_id: 'eve', author: 'ana' }]);
      });
    } finally {
      await asBen.end();
    }
  });
});
