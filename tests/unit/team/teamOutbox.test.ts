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
    expect(statements.every(({ text }) => /on conflict .*do nothing$/.test(text))).toBe(true);
    expect(statements.map(({ values }) => values[0])).toEqual(['c-1', 'n-1', 'i-1']);
    expect(statements.every(({ text }) => text.includes('current_user'))).toBe(true);
    expect(outbox.pending).toBe(0);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 1, writes: [] });
  });

  it('stops at a lost connection and keeps the rest for the next session', async () => {
    const outbox = await TeamOutbox.open(undefined);
    for (const write of [customer, note]) await outbox.add(write);
    const lost = new Error('Connection terminated unexpectedly');
    const { db } = fakeDatabase((text) => (text.includes('into notes') ? lost : undefined));
    await expect(outbox.flush(db)).rejects.toBe(lost);
    expect(outbox.pending).toBe(1);
  });

  it('drops a write the database refuses for good (row-level security), so the queue behind it moves on', async () => {
    const outbox = await TeamOutbox.open(undefined);
    for (const write of [note, call]) await outbox.add(write);
    const refusal = Object.assign(new Error('new row violates row-level security policy'), { code: '42501' });
    const { db, statements } = fakeDatabase((text) => (text.includes('into notes') ? refusal : undefined));
    expect(await outbox.flush(db)).toEqual({ written: 1, refused: [{ id: 'n-1', code: '42501' }] });
    expect(statements).toHaveLength(1);
    expect(outbox.pending).toBe(0);
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
