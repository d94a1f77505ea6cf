import { describe, expect, it } from 'vitest';
import { ok, type TeamRowChange } from '@tandem/contract';
import { bindTeamHistory } from '../../../renderer/src/customers/teamHistorySync';
import { createTeamRowsApplier } from '../../../renderer/src/customers/teamRows';
import { openTandemDb, type TandemDb } from '../../../renderer/src/data/db';
import { createFakeHost } from '../renderer/fakeHost';
import { freshDbName } from '../context/contextFakes';

// Team mode: a window keeps its cache of the shared history current, live and by catch-up from its own cursor (teamHistorySync.ts).

const note = (seq: number): TeamRowChange => ({
  table: 'notes',
  id: `n-${seq}`,
  seq,
  row: { customerId: 'carla', callId: null, text: `note ${seq}`, important: false, author: { id: 'ana', name: 'Ana Ruiz' }, createdAt: seq, updatedAt: seq },
});

/** Main's side: the team's history changes in seq order, paged like main pages them; `settled` as main's feed reports it. */
function teamMain(changes: readonly TeamRowChange[], settled: () => number) {
  const asked: number[] = [];
  const host = createFakeHost({
    answers: {
      'team:getStatus': () => ok({ state: 'connected', pending: 0 }),
      'team:rowsSince': (payload) => {
        const { after, limit } = payload as { after: number; limit: number };
        asked.push(after);
        const page = changes.filter((change) => change.seq > after).slice(0, limit);
        return ok({ rows: page, through: page.at(-1)?.seq ?? after, settled: settled(), done: page.length < limit });
      },
    },
  });
  return { host, asked };
}

const eventually = async (check: () => Promise<boolean>, what: string) => {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await check()) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never ${what}`);
};

const cursorOf = async (db: TandemDb) => (await db.teamCursors.get('history'))?.seq ?? 0;

describe("a window's cache of the team history", () => {
  it('catches up from its own cursor at start, page by page, and keeps the cursor where main has settled', async () => {
    const db = openTandemDb(freshDbName());
    await db.teamCursors.put({ key: 'history', seq: 2 });
    const { host, asked } = teamMain([1, 2, 3, 4, 5, 6, 7].map(note), () => 6);
    const stop = bindTeamHistory(host.api, db, createTeamRowsApplier(db), { pageSize: 2 });
    await eventually(async () => (await db.notes.count()) === 5, 'caught up');
    expect((await db.notes.toArray()).map((row) => row.id).sort()).toEqual(['n-3', 'n-4', 'n-5', 'n-6', 'n-7']);
    expect(asked).toEqual([2, 4, 6]);
    // Seq 7 came, but main has not settled past 6: a reload reads 7 again rather than risk a hole below it.
    expect(await cursorOf(db)).toBe(6);
    stop();
    db.close();
  });

  it('applies rows main announces as they come, and catches up again when the desk is connected again', async () => {
    const db = openTandemDb(freshDbName());
    const changes: TeamRowChange[] = [];
    const { host, asked } = teamMain(changes, () => changes.at(-1)?.seq ?? 0);
    const stop = bindTeamHistory(host.api, db, createTeamRowsApplier(db), { setTimer: () => () => undefined });
    await eventually(() => Promise.resolve(asked.length === 1), 'asked once at start');

    host.emit('team:rows', { rows: [note(1)] });
    await eventually(async () => (await db.notes.get('n-1')) !== undefined, 'applied the live row');

    // Offline meanwhile: rows 2 and 3 were written by others and never announced to this window.
    changes.push(note(1), note(2), note(3));
    host.emit('team:status', { state: 'connected', pending: 0 });
    await eventually(async () => (await db.notes.count()) === 3, 'caught up after reconnecting');
    expect(await cursorOf(db)).toBe(3);
    stop();
    db.close();
  });

  it('a solo desk asks main for no history at all, and the cache is left alone', async () => {
    const db = openTandemDb(freshDbName());
    const host = createFakeHost();
    const stop = bindTeamHistory(host.api, db, createTeamRowsApplier(db));
    await eventually(() => Promise.resolve(host.requests.some((request) => request.channel === 'team:getStatus')), 'asked whether it is on a team');
    host.emit('app:connected', {});
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
    expect(host.requests.filter((request) => request.channel === 'team:rowsSince')).toEqual([]);
    expect(await cursorOf(db)).toBe(0);
    stop();
    db.close();
  });

  it('a page that cannot be written leaves the cursor before it; the catch-up a settle delay later reads it again', async () => {
    const db = openTandemDb(freshDbName());
    // Row 3 is one IndexedDB cannot store (a function does not clone) until main's copy is whole again.
    const changes: TeamRowChange[] = [note(1), note(2), { ...note(3), row: { ...note(3).row, text: () => 'broken' } } as unknown as TeamRowChange, note(4)];
    const { host, asked } = teamMain(changes, () => 4);
    const timers: (() => void)[] = [];
    const errors: unknown[] = [];
    const stop = bindTeamHistory(host.api, db, createTeamRowsApplier(db), {
      pageSize: 2,
      setTimer: (run) => (timers.push(run), () => undefined),
      onError: (error) => errors.push(error),
    });
    await eventually(() => Promise.resolve(errors.length === 1), 'failed on the second page');
    // The first page is in, with its cursor; the second (rows 3 and 4) is not, and neither is its cursor.
    expect((await db.notes.toArray()).map((row) => row.id).sort()).toEqual(['n-1', 'n-2']);
    expect(await cursorOf(db)).toBe(2);
    expect(asked).toEqual([0, 2]);

    changes[2] = note(3);
    expect(timers).toHaveLength(1);
    timers[0]?.();
    await eventually(async () => (await db.notes.count()) === 4, 'read the page again');
    expect(await cursorOf(db)).toBe(4);
    expect(asked).toEqual([0, 2, 2, 4]);
    stop();
    db.close();
  });

  it('while rows keep coming, the cursor still moves a settle delay after the first of them', async () => {
    const db = openTandemDb(freshDbName());
    const changes: TeamRowChange[] = [];
    const { host, asked } = teamMain(changes, () => changes.at(-1)?.seq ?? 0);
    const timers: (() => void)[] = [];
    const stop = bindTeamHistory(host.api, db, createTeamRowsApplier(db), { setTimer: (run) => (timers.push(run), () => undefined) });
    await eventually(() => Promise.resolve(asked.length === 1), 'asked once at start');

    for (const seq of [1, 2, 3]) {
      changes.push(note(seq));
      host.emit('team:rows', { rows: [note(seq)] });
    }
    await eventually(async () => (await db.notes.count()) === 3, 'applied the live rows');
    // One catch-up is due, not one per row (each row does not push it further away).
    expect(timers).toHaveLength(1);
    timers[0]?.();
    await eventually(async () => (await cursorOf(db)) === 3, 'moved the cursor');
    stop();
    db.close();
  });
});
