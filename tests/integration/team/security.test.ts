/**
 * The database, not the desk, decides who may do what. Each agent connects
 * with their own login and tries, with plain SQL, what a tampered desk could
 * send: reading is allowed, taking what belongs to someone else is refused.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimConversation, reassignConversation, releaseClaim, renewClaim } from '../../../main/core/team/claims';
import { assertLoopbackOnly } from '../../peers/netns';
import { step } from '../support/step';
import { startTeamCluster, type TeamCluster } from './support/teamCluster';

const DB = 'team_security';

let cluster: TeamCluster;
let admin: pg.Pool;
let ana: pg.Pool;
let ben: pg.Pool;
let sam: pg.Pool;

/** SQLSTATE of a refused statement (42501: privilege or row-level security). */
async function refusal(query: Promise<unknown>): Promise<string> {
  try {
    await query;
  } catch (error: unknown) {
    return String((error as { code?: unknown }).code);
  }
  throw new Error('the statement was accepted');
}

async function handlerOf(conversationId: string): Promise<string | null> {
  const row = await admin.query<{ handler: string | null }>('select handler from conversations where id = $1', [conversationId]);
  return row.rows[0]?.handler ?? null;
}

beforeAll(async () => {
  assertLoopbackOnly();
  cluster = await startTeamCluster();
  admin = await cluster.teamDatabase(DB);
  ana = cluster.as(DB, await cluster.addAgent(DB, 'ana', 'Ana Ruiz', 'agent'));
  ben = cluster.as(DB, await cluster.addAgent(DB, 'ben', 'Ben Okafor', 'agent'));
  sam = cluster.as(DB, await cluster.addAgent(DB, 'sam', 'Sam Lee', 'supervisor'));
  await admin.query("insert into customers (id, name) values ('carla', 'Carla Diaz')");
  for (const id of ['complaint-1', 'complaint-2', 'complaint-3', 'complaint-4', 'complaint-5']) {
    await admin.query("insert into conversations (id, account_id, last_item_at) values ($1, 'bluesky:acme.test', now())", [id]);
  }
  await ana.query("insert into notes (id, customer_id, text) values ('note-ana', 'carla', 'Carla prefers email')");
});

afterAll(async () => {
  await cluster?.close();
});

describe('Row-level security on the team database', () => {
  it("Ben reads the team's rows, including Ana's note and the queue", async () => {
    const notes = await ben.query('select id, text, author from notes');
    expect(notes.rows).toEqual([{ id: 'note-ana', text: 'Carla prefers email', author: 'ana' }]);
    const queue = await ben.query('select count(*)::int as n from conversations');
    expect(queue.rows).toEqual([{ n: 5 }]);
    const agents = await ben.query('select id, name, role from agents order by id');
    expect(agents.rows.map((row: { id: string }) => row.id)).toEqual(['ana', 'ben', 'sam']);
  });

  it("Ana claims a complaint; Ben's plain UPDATEs cannot steal or release it, and the claim tells him who holds it", async () => {
    await step('Ana claims the free complaint', async () => {
      expect(await claimConversation(ana, 'complaint-1')).toMatchObject({ ok: true });
    });
    await step('Ben sets himself as handler with plain SQL: no row changes', async () => {
      const stolen = await ben.query("update conversations set handler = 'ben', lease_until = now() + interval '10 minutes' where id = 'complaint-1'");
      expect(stolen.rowCount).toBe(0);
      const cleared = await ben.query("update conversations set handler = null, lease_until = null where id = 'complaint-1'");
      expect(cleared.rowCount).toBe(0);
      expect(await handlerOf('complaint-1')).toBe('ana');
    });
    await step("Ben's claim fails and names Ana", async () => {
      expect(await claimConversation(ben, 'complaint-1')).toEqual({ ok: false, heldBy: { id: 'ana', name: 'Ana Ruiz' } });
      expect(await releaseClaim(ben, 'complaint-1')).toBe(false);
      expect(await handlerOf('complaint-1')).toBe('ana');
    });
    await step('Ben cannot hand a free complaint to Ana, and Ana cannot hold one for a century', async () => {
      expect(await refusal(ben.query("update conversations set handler = 'ana', lease_until = now() + interval '1 minute' where id = 'complaint-2'"))).toBe(
        '42501',
      );
      expect(await refusal(ana.query("update conversations set handler = 'ana', lease_until = now() + interval '100 years' where id = 'complaint-2'"))).toBe(
        '42501',
      );
      expect(await handlerOf('complaint-2')).toBeNull();
    });
    await step('an agent cannot reassign with the supervisor function either', async () => {
      expect(await reassignConversation(ben, 'complaint-1', 'ben')).toEqual({ ok: false, reason: 'refused' });
      expect(await handlerOf('complaint-1')).toBe('ana');
    });
  });

  it("Ben cannot rewrite or delete Ana's note, nor write one in her name", async () => {
    await step("Ben's UPDATE and DELETE of Ana's note change no row", async () => {
      expect((await ben.query("update notes set text = 'Carla is rude' where id = 'note-ana'")).rowCount).toBe(0);
      expect((await ben.query("delete from notes where id = 'note-ana'")).rowCount).toBe(0);
      const note = await admin.query("select text, author from notes where id = 'note-ana'");
      expect(note.rows).toEqual([{ text: 'Carla prefers email', author: 'ana' }]);
    });
    await step('a note inserted as Ana is refused', async () => {
      expect(await refusal(ben.query("insert into notes (id, customer_id, text, author) values ('forged', 'carla', 'Refund approved', 'ana')"))).toBe('42501');
    });
    await step('his own note is his, and he cannot pass it off as hers', async () => {
      await ben.query("insert into notes (id, customer_id, text) values ('note-ben', 'carla', 'Called back')");
      expect(await refusal(ben.query("update notes set author = 'ana' where id = 'note-ben'"))).toBe('42501');
      const note = await admin.query("select author from notes where id = 'note-ben'");
      expect(note.rows).toEqual([{ author: 'ben' }]);
    });
    await step("a verified link in Ana's name is refused; in his own it is kept with who and how", async () => {
      expect(
        await refusal(
          ben.query(
            "insert into identities (id, customer_id, kind, value, status, verified_by) values ('i1', 'carla', 'phone', '+34600000001', 'verified', 'ana')",
          ),
        ),
      ).toBe('42501');
      await ben.query(
        "insert into identities (id, customer_id, kind, value, status, verified_by, verified_how, verified_at) values ('i1', 'carla', 'phone', '+34600000001', 'verified', 'ben', 'code-on-call', now())",
      );
      const link = await admin.query("select verified_by, verified_how from identities where id = 'i1'");
      expect(link.rows).toEqual([{ verified_by: 'ben', verified_how: 'code-on-call' }]);
    });
  });

  it('Ben cannot forge the change feed, promote himself or move ingest-only columns; the ingest function may', async () => {
    expect(await refusal(ben.query("insert into team_changes (seq, table_name, row_id) values (999999, 'notes', 'x')"))).toBe('42501');
    expect(await refusal(ben.query("update agents set role = 'supervisor' where id = 'ben'"))).toBe('42501');
    expect(await refusal(ben.query("update conversations set last_item_at = now() + interval '1 day' where id = 'complaint-1'"))).toBe('42501');
    expect(await refusal(ben.query("select setval('tandem_seq', 1)"))).toBe('42501');

    await ben.query("select record_conversation_item('complaint-1', 'bluesky:acme.test', 'did:plc:carla', now() + interval '1 hour')");
    const moved = await admin.query("select handler, last_item_at > now() + interval '59 minutes' as moved from conversations where id = 'complaint-1'");
    expect(moved.rows).toEqual([{ handler: 'ana', moved: true }]);
  });

  it("Sam, a supervisor, takes Ana's live claim and hands it to Ben", async () => {
    expect(await reassignConversation(sam, 'complaint-1', 'ben')).toEqual({ ok: true });
    expect(await handlerOf('complaint-1')).toBe('ben');
    expect(await renewClaim(ana, 'complaint-1')).toEqual({ ok: false, heldBy: { id: 'ben', name: 'Ben Okafor' } });
    expect(await renewClaim(ben, 'complaint-1')).toMatchObject({ ok: true });
  });

  it('A lease that runs out lets another agent claim, and the old holder is told who took it', async () => {
    await step('Ana claims, Ben is refused', async () => {
      expect(await claimConversation(ana, 'complaint-3')).toMatchObject({ ok: true });
      expect(await claimConversation(ben, 'complaint-3')).toMatchObject({ ok: false, heldBy: { id: 'ana' } });
    });
    await step("Ana's lease ends (set in the past by the administrator)", async () => {
      await admin.query("update conversations set lease_until = now() - interval '1 second' where id = 'complaint-3'");
    });
    await step('Ben claims it; Ana renewing is told Ben has it', async () => {
      expect(await claimConversation(ben, 'complaint-3')).toMatchObject({ ok: true });
      expect(await renewClaim(ana, 'complaint-3')).toEqual({ ok: false, heldBy: { id: 'ben', name: 'Ben Okafor' } });
    });
    await step('with a lease of a few milliseconds, Ben gets the next one as soon as it lapses', async () => {
      expect(await claimConversation(ana, 'complaint-4', 20)).toMatchObject({ ok: true });
      await expect.poll(async () => (await claimConversation(ben, 'complaint-4')).ok, { timeout: 5_000, interval: 10 }).toBe(true);
      expect(await handlerOf('complaint-4')).toBe('ben');
    });
    await step('Ben releases it and Ana can take it again; a conversation that does not exist has no holder', async () => {
      expect(await releaseClaim(ben, 'complaint-4')).toBe(true);
      expect(await handlerOf('complaint-4')).toBeNull();
      expect(await claimConversation(ana, 'complaint-4')).toMatchObject({ ok: true });
      expect(await claimConversation(ana, 'no-such-complaint')).toEqual({ ok: false, heldBy: null });
    });
  });

  it('A reply is queued only by the holder of a live claim, and at most once', async () => {
    const queue = (pool: pg.Pool, id: string, recordKey: string, conflict = '') =>
      pool.query(
        `insert into social_outbox (id, conversation_id, kind, text, record_key) values ($1, 'complaint-5', 'reply', 'Sorry, we are on it', $2) ${conflict}`,
        [id, recordKey],
      );
    await step('Ana replies without claiming: refused', async () => {
      expect(await refusal(queue(ana, 'reply-ana', '3kabcdefghij2'))).toBe('42501');
    });
    await step('Ben claims and queues the reply; the same row sent again is a no-op', async () => {
      expect(await claimConversation(ben, 'complaint-5')).toMatchObject({ ok: true });
      expect((await queue(ben, 'reply-ben', '3kabcdefghij2')).rowCount).toBe(1);
      expect((await queue(ben, 'reply-ben', '3kabcdefghij2', 'on conflict (id) do nothing')).rowCount).toBe(0);
    });
    await step('a second row with the same record key is refused', async () => {
      expect(await refusal(queue(ben, 'reply-ben-again', '3kabcdefghij2'))).toBe('23505');
    });
    await step("Ana cannot mark Ben's reply as sent", async () => {
      expect((await ana.query("update social_outbox set state = 'sent' where id = 'reply-ben'")).rowCount).toBe(0);
      const rows = await admin.query("select id, author, state from social_outbox where conversation_id = 'complaint-5'");
      expect(rows.rows).toEqual([{ id: 'reply-ben', author: 'ben', state: 'pending' }]);
    });
  });

  it("A pending reply is taken over only once its author's desk is gone and nobody holds the conversation, and only its author changes", async () => {
    const dan = cluster.as(DB, await cluster.addAgent(DB, 'dan', 'Dan Moss', 'agent'), 1);
    const takeOver = (pool: pg.Pool) => pool.query("update social_outbox set author = current_user where id = 'reply-dan' and author = 'dan'");
    await step('Dan claims a complaint and queues a reply with its target', async () => {
      await admin.query("insert into conversations (id, account_id, last_item_at) values ('complaint-6', 'bluesky:acme.test', now())");
      expect(await claimConversation(dan, 'complaint-6')).toMatchObject({ ok: true });
      await dan.query(
        "insert into social_outbox (id, conversation_id, kind, text, record_key, target) values ('reply-dan', 'complaint-6', 'reply', 'On it', '3kdanreply222', 'at://c/6')",
      );
    });
    await step("while Dan's claim is live, Ana takes nothing", async () => {
      expect((await takeOver(ana)).rowCount).toBe(0);
    });
    await step("Dan's lease runs out, but his desk is still connected: Ana still takes nothing", async () => {
      await admin.query("update conversations set lease_until = now() - interval '1 second' where id = 'complaint-6'");
      expect((await takeOver(ana)).rowCount).toBe(0);
    });
    await step("Dan's desk is gone: Ana may make the row hers, but neither rewrite it nor hand it to Ben", async () => {
      await dan.end();
      await expect
        .poll(async () => (await admin.query("select 1 from pg_stat_activity where usename = 'dan'")).rowCount, { timeout: 10_000, interval: 50 })
        .toBe(0);
      expect(await refusal(ana.query("update social_outbox set text = 'Something else' where id = 'reply-dan'"))).toBe('42501');
      expect(await refusal(ana.query("update social_outbox set author = 'ben' where id = 'reply-dan'"))).toBe('42501');
      expect((await takeOver(ana)).rowCount).toBe(1);
    });
    await step('Ben, racing for the same row, finds it taken', async () => {
      expect((await takeOver(ben)).rowCount).toBe(0);
      const rows = await admin.query("select author, text, state from social_outbox where id = 'reply-dan'");
      expect(rows.rows).toEqual([{ author: 'ana', text: 'On it', state: 'pending' }]);
    });
  });
});
