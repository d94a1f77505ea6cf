import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TeamOutbox, type TeamQueryable } from '../../../main/core/team/teamOutbox';
import type { TeamWrite } from '../../../main/core/team/teamWrites';

const customer: TeamWrite = { kind: 'customer', id: 'c-1', name: 'Carla Diaz', createdAt: 1_700_000_000_000 };
const note: TeamWrite = { kind: 'note', id: 'n-1', customerId: 'c-1', callId: null, text: 'Wants a callback', createdAt: 1_700_000_001_000 };
const call: TeamWrite = {
  kind: 'call',
  id: 'i-1',
  customerId: 'c-1',
  direction: 'inbound',
  at: 1_700_000_002_000,
  summary: '',
  wrapUpCode: 'resolved',
  callId: 'call-9',
};

/** A database that records what it was asked and fails as told. */
function fakeDatabase(fail: (text: string, values: unknown[]) => Error | undefined = () => undefined) {
  const statements: { text: string; values: unknown[] }[] = [];
  const db: TeamQueryable = {
    query(text, values = []) {
      const error = fail(text, values);
      if (error !== undefined) return Promise.reject(error);
      statements.push({ text, values });
      return Promise.resolve({ rowCount: 1 });
    },
  };
  return { db, statements };
}

const tempFile = async () => join(await mkdtemp(join(tmpdir(), 'tandem-outbox-')), 'team', 'outbox.json');

describe('writes made offline wait in the outbox and are written once, in order', () => {
  it('keeps the queue on disk, so a restart while offline loses nothing', async () => {
    const path = await tempFile();
    const outbox = await TeamOutbox.open(path);
    await outbox.add(customer);
    await outbox.add(note);
    const reopened = await TeamOutbox.open(path);
    expect(reopened.pending).toBe(2);
  });

  it('writes in the order they were made, each idempotent by its id, and empties the file', async () => {
    const path = await tempFile();
    const outbox = await TeamOutbox.open(path);
    for (const write of [customer, note, call]) await outbox.add(write);
    const { db, statements } = fakeDatabase();
    expect(await outbox.flush(db)).toEqual({ written: 3, refused: [] });
    expect(statements.map(({ text }) => /insert into (\w+)/.exec(text)?.[1])).toEqual(['customers', 'notes', 'interactions']);
    // New rows are left alone when they exist; a call updates only its author's own row, and only when it changed.
    expect(statements.map(({ text }) => /on conflict \(id\) do (\w+)/.exec(text)?.[1])).toEqual(['nothing', 'nothing', 'update']);
    expect(statements[2]?.text).toContain('where interactions.author = current_user');
    expect(statements.map(({ values }) => values[0])).toEqual(['c-1', 'n-1', 'i-1']);
    expect(statements.every(({ text }) => text.includes('current_user'))).toBe(true);
    expect(outbox.pending).toBe(0);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 1, writes: [] });
  });

  it("an import's batch is queued in its order with one save, and written like single writes", async () => {
    const path = await tempFile();
    const outbox = await TeamOutbox.open(path);
    const saves: number[] = [];
    outbox.onChange((pending) => saves.push(pending));
    await outbox.addMany([customer, note]);
    expect(saves).toEqual([2]);
    expect((await TeamOutbox.open(path)).pending).toBe(2);
    const { db, statements } = fakeDatabase();
    expect(await outbox.flush(db)).toEqual({ written: 2, refused: [] });
    expect(statements.map(({ values }) => values[0])).toEqual(['c-1', 'n-1']);
  });

  it('stops at a lost connection and keeps the rest for the next session', async () => {
    const outbox = await TeamOutbox.open(undefined);
    for (const write of [customer, note]) await outbox.add(write);
    const lost = new Error('Connection terminated unexpectedly');
    const { db } = fakeDatabase((text) => (text.includes('into notes') ? lost : undefined));
    await expect(outbox.flush(db)).rejects.toBe(lost);
    expect(outbox.pending).toBe(1);
  });

  it('keeps a write the database refuses for good aside, counted and on disk, so the queue behind it moves on and no note is lost', async () => {
    const path = await tempFile();
    const outbox = await TeamOutbox.open(path, () => 1_700_000_009_000);
    for (const write of [note, call]) await outbox.add(write);
    const refusal = Object.assign(new Error('new row violates row-level security policy'), { code: '42501' });
    const { db, statements } = fakeDatabase((text) => (text.includes('into notes') ? refusal : undefined));
    expect(await outbox.flush(db)).toEqual({ written: 1, refused: [{ id: 'n-1', code: '42501' }] });
    expect(statements).toHaveLength(1);
    expect(outbox.pending).toBe(0);
    expect(outbox.refusedCount).toBe(1);

    // Step 2: the desk restarts: the refused note is still there, with why and when, and is not retried.
    const reopened = await TeamOutbox.open(path);
    expect(reopened.refused).toEqual([{ write: note, code: '42501', at: 1_700_000_009_000 }]);
    expect(reopened.pending).toBe(0);
    const again = fakeDatabase();
    expect(await reopened.flush(again.db)).toEqual({ written: 0, refused: [] });
    expect(again.statements).toEqual([]);
  });

  it("a rename only wins over an older name, an unlink deletes, a proof upgrades a link in the prover's name only", async () => {
    const outbox = await TeamOutbox.open(undefined);
    await outbox.add({ kind: 'customerRename', id: 'c-1', name: 'Carla Díaz', updatedAt: 1_700_000_003_000 });
    await outbox.add({ kind: 'identityUnlink', id: 'c-1|phone|+12125550123' });
    await outbox.add({
      kind: 'identityLink',
      id: 'c-1|bluesky|carla.test',
      customerId: 'c-1',
      identityKind: 'bluesky',
      value: 'carla.test',
      did: 'did:plc:carla',
      status: 'verified',
      verifiedHow: 'code-post',
      verifiedAt: 1_700_000_004_000,
      claim: null,
    });
    const { db, statements } = fakeDatabase();
    await outbox.flush(db);
    const [rename, unlink, link] = statements;
    expect(rename?.text).toMatch(/^update customers set name = \$2, .* where id = \$1 and updated_at < /);
    expect(unlink).toEqual({ text: 'delete from identities where id = $1', values: ['c-1|phone|+12125550123'] });
    expect(link?.text).toContain("case when $6 = 'verified' then current_user end");
    // Nothing changes a verified link; a proof or a new claim changes one that is not.
    expect(link?.text.replace(/\s+/g, ' ')).toMatch(
      /on conflict \(kind, value, customer_id\) do update .* where identities.status is distinct from 'verified' and \(excluded.status = 'verified' or \(excluded.status = 'claimed' and /,
    );
    // A verified link carries no claim columns: $9..$13 are null.
    expect(link?.values.slice(8)).toEqual([null, null, null, null, null]);
  });

  it('the agent sends a refused write again (it joins the back of the queue) or discards it; both leave the file', async () => {
    const path = await tempFile();
    const outbox = await TeamOutbox.open(path, () => 42);
    await outbox.addMany([note, customer]);
    // The note names a customer the database does not have yet: refused (23503), kept aside.
    const first = fakeDatabase((_text, values) => (values[0] === 'n-1' ? Object.assign(new Error('fk'), { code: '23503' }) : undefined));
    await outbox.flush(first.db);
    expect(outbox.refused).toEqual([{ write: note, code: '23503', at: 42 }]);

    // Now that the customer is there, Retry: written on the next flush, and gone from the refused list.
    expect(await outbox.retryRefused({ id: 'n-1', at: 42 })).toBe(true);
    expect(outbox.refusedCount).toBe(0);
    expect(outbox.pending).toBe(1);
    const second = fakeDatabase();
    expect(await outbox.flush(second.db)).toEqual({ written: 1, refused: [] });
    expect(await outbox.retryRefused({ id: 'n-1', at: 42 })).toBe(false);

    // Refused again later, and this time discarded: nothing of it stays on disk.
    await outbox.add(call);
    await outbox.flush(fakeDatabase(() => Object.assign(new Error('rls'), { code: '42501' })).db);
    expect(await outbox.discardRefused({ id: 'i-1', at: 42 })).toBe(true);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 1, writes: [] });
  });

  it('a file that is not JSON does not stop the desk: it is set aside, not overwritten', async () => {
    const path = await tempFile();
    await (await TeamOutbox.open(path)).add(note);
    await writeFile(path, '{"version":1,"writes":[{"kind":"no');
    const outbox = await TeamOutbox.open(path);
    expect(outbox.pending).toBe(0);
    await outbox.add(call);
    expect((await readdir(dirname(path))).filter((name) => name.startsWith('outbox.json.unreadable-'))).toHaveLength(1);
  });

  it('leaves out an entry a hand-edited file made unreadable, and keeps the others', async () => {
    const path = await tempFile();
    const outbox = await TeamOutbox.open(path);
    await outbox.add(note);
    const stored = JSON.parse(await readFile(path, 'utf8')) as { writes: unknown[] };
    await writeFile(path, JSON.stringify({ version: 1, writes: [{ kind: 'note', id: 42 }, ...stored.writes] }));
    expect((await TeamOutbox.open(path)).pending).toBe(1);
  });
});
