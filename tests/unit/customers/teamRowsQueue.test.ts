import { describe, expect, it } from 'vitest';
import type { TeamRowChange } from '@tandem/contract';
import { createPopQuiet } from '../../../renderer/src/customers/popQuiet';
import { createTeamRowsApplier, type TeamRowsApplier } from '../../../renderer/src/customers/teamRows';
import { createTeamRowsQueue } from '../../../renderer/src/customers/teamRowsQueue';
import { openTandemDb } from '../../../renderer/src/data/db';
import { freshDbName } from '../context/contextFakes';

// Team mode: the rows headed for this window's cache are written in bursts, one transaction each, and never while a
// screen pop reads and paints (customers/teamRowsQueue.ts, popQuiet.ts).

const ANA = { id: 'ana', name: 'Ana Ruiz' };
const note = (seq: number, text: unknown = `note ${seq}`): TeamRowChange =>
  ({ table: 'notes', id: `n-${seq}`, seq, row: { customerId: 'carla', callId: null, text, author: ANA, createdAt: seq, updatedAt: seq } }) as TeamRowChange;

/** The page's idle slots, run by hand. */
function idleSlots() {
  const due: (() => void)[] = [];
  return {
    schedule: (run: () => void) => void due.push(run),
    /** Runs the first slot due, without waiting for what it starts. */
    runNext() {
      due.shift()?.();
    },
    async runAll() {
      for (let run = due.shift(); run !== undefined; run = due.shift()) run();
      // Let the bursts' transactions settle.
      await new Promise<void>((resolve) => setTimeout(resolve, 20));
    },
  };
}

/** An applier that records each burst (the seqs it was given, and the cursor) before the real one writes it. */
function recording(applier: TeamRowsApplier) {
  const bursts: { seqs: number[]; cursor: number | undefined }[] = [];
  return {
    bursts,
    applier: {
      apply(changes: readonly TeamRowChange[], cursor?: number, signal?: AbortSignal) {
        bursts.push({ seqs: changes.map((change) => change.seq), cursor });
        return applier.apply(changes, cursor, signal);
      },
    } satisfies TeamRowsApplier,
  };
}

/** What became of a push, settled at once so a refusal is never an unhandled rejection. */
const outcome = (push: Promise<void>) =>
  push.then(
    () => 'written' as const,
    () => 'refused' as const,
  );

const cursorOf = async (db: ReturnType<typeof openTandemDb>) => (await db.teamCursors.get('history'))?.seq ?? 0;

describe("the team's rows reach the cache in bursts", () => {
  it('rows that arrive within one idle slot are written in one transaction, in the order they came', async () => {
    const db = openTandemDb(freshDbName());
    const { bursts, applier } = recording(createTeamRowsApplier(db));
    const slots = idleSlots();
    const queue = createTeamRowsQueue(applier, { schedule: slots.schedule });

    const written = Promise.all([queue.push([note(1)]), queue.push([note(2), note(3)]), queue.push([note(4)])]);
    await slots.runAll();
    await written;

    expect(bursts).toEqual([{ seqs: [1, 2, 3, 4], cursor: undefined }]);
    expect(await db.notes.count()).toBe(4);
    db.close();
  });

  it('a burst stops growing at its row limit, never splitting what arrived together', async () => {
    const db = openTandemDb(freshDbName());
    const { bursts, applier } = recording(createTeamRowsApplier(db));
    const slots = idleSlots();
    const queue = createTeamRowsQueue(applier, { schedule: slots.schedule, maxRows: 3 });

    const written = Promise.all([queue.push([note(1), note(2)]), queue.push([note(3), note(4)]), queue.push([note(5)])]);
    await slots.runAll();
    await written;

    expect(bursts.map((burst) => burst.seqs)).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    db.close();
  });
});

describe('a stream of changes is written a few times a second, not once per event', () => {
  it('live rows wait for more before they are written; a catch-up page is written at its next idle slot', async () => {
    const db = openTandemDb(freshDbName());
    const gathered: boolean[] = [];
    const due: (() => void)[] = [];
    const queue = createTeamRowsQueue(createTeamRowsApplier(db), { schedule: (run, gather) => void (gathered.push(gather), due.push(run)) });

    const live = queue.push([note(1)]);
    expect(gathered).toEqual([true]);
    due.shift()?.();
    await live;

    const page = queue.push([note(2)], 2);
    expect(gathered).toEqual([true, false]);
    due.shift()?.();
    await page;
    db.close();
  });

  it('rows that arrive while a burst is being written wait for their own window rather than follow at once', async () => {
    const db = openTandemDb(freshDbName());
    const { bursts, applier } = recording(createTeamRowsApplier(db));
    const gathered: boolean[] = [];
    const due: (() => void)[] = [];
    const queue = createTeamRowsQueue(applier, { schedule: (run, gather) => void (gathered.push(gather), due.push(run)) });

    const first = queue.push([note(1)]);
    due.shift()?.();
    const second = queue.push([note(2)]);
    await first;
    // The first burst is in; the second waits for a window of its own.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    expect(bursts.map((burst) => burst.seqs)).toEqual([[1]]);
    expect(gathered).toEqual([true, true]);
    due.shift()?.();
    await second;
    expect(bursts.map((burst) => burst.seqs)).toEqual([[1], [2]]);
    db.close();
  });
});

describe('a ringing call goes first', () => {
  it('rows that arrive while a call rings wait until its panel has painted, then go in one burst', async () => {
    const db = openTandemDb(freshDbName());
    const { bursts, applier } = recording(createTeamRowsApplier(db));
    const slots = idleSlots();
    const quiet = createPopQuiet();
    const queue = createTeamRowsQueue(applier, { schedule: slots.schedule, quiet });

    // The call rings: the pop holds IndexedDB until its panel has painted.
    const painted = quiet.hold();
    const written = Promise.all([queue.push([note(1)]), queue.push([note(2)])]);
    await slots.runAll();
    expect(bursts).toEqual([]);
    expect(await db.notes.count()).toBe(0);

    // Painted: both rows, one transaction, in the next idle slot.
    painted();
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    await slots.runAll();
    await written;
    expect(bursts.map((burst) => burst.seqs)).toEqual([[1, 2]]);
    expect(await db.notes.count()).toBe(2);
    db.close();
  });

  it('a burst still being written when a call rings is called off, then written whole after the paint', async () => {
    const db = openTandemDb(freshDbName());
    const { bursts, applier } = recording(createTeamRowsApplier(db));
    const slots = idleSlots();
    const quiet = createPopQuiet();
    const queue = createTeamRowsQueue(applier, { schedule: slots.schedule, quiet });

    // The burst's transaction is open (its slot ran) when the call rings.
    const written = queue.push([note(1), note(2)], 2);
    slots.runNext();
    expect(bursts).toHaveLength(1);
    const painted = quiet.hold();
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
    expect(await db.notes.count()).toBe(0);
    expect(await cursorOf(db)).toBe(0);

    // Painted: the same rows, and the cursor with them, in the next idle slot; the push resolves once they are in.
    painted();
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    await slots.runAll();
    await written;
    expect(bursts.map((burst) => burst.seqs)).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(await db.notes.count()).toBe(2);
    expect(await cursorOf(db)).toBe(2);
    db.close();
  });

  it('a pop that begins after a burst committed leaves it written', async () => {
    const db = openTandemDb(freshDbName());
    const { bursts, applier } = recording(createTeamRowsApplier(db));
    const slots = idleSlots();
    const quiet = createPopQuiet();
    const queue = createTeamRowsQueue(applier, { schedule: slots.schedule, quiet });

    const written = queue.push([note(1)]);
    await slots.runAll();
    await written;
    quiet.hold();
    expect(bursts).toHaveLength(1);
    expect(await db.notes.count()).toBe(1);
    db.close();
  });

  it("a pop's hold that is never released lapses: the rows are late, never stuck", async () => {
    const timers: (() => void)[] = [];
    const quiet = createPopQuiet({ setTimer: (run) => (timers.push(run), () => undefined) });
    quiet.hold();
    expect(quiet.busy()).toBe(true);
    const woken = quiet.whenQuiet();
    timers[0]?.();
    await woken;
    expect(quiet.busy()).toBe(false);
  });

  it('a writer hears when a pop begins, until it stops listening', () => {
    const quiet = createPopQuiet();
    let heard = 0;
    const stop = quiet.onHold(() => (heard += 1));
    quiet.hold();
    expect(heard).toBe(1);
    stop();
    quiet.hold();
    expect(heard).toBe(1);
  });

  it('two pops at once: the rows wait for the later one too', async () => {
    const quiet = createPopQuiet();
    const first = quiet.hold();
    const second = quiet.hold();
    let woken = false;
    void quiet.whenQuiet().then(() => (woken = true));
    first();
    first();
    await Promise.resolve();
    expect(woken).toBe(false);
    second();
    await Promise.resolve();
    expect(woken).toBe(true);
  });
});

describe("the cache's cursor covers only rows that are in the cache", () => {
  it("a catch-up page moves the cursor in the page's own transaction, together with the live rows beside it", async () => {
    const db = openTandemDb(freshDbName());
    const { bursts, applier } = recording(createTeamRowsApplier(db));
    const slots = idleSlots();
    const queue = createTeamRowsQueue(applier, { schedule: slots.schedule });

    const written = Promise.all([queue.push([note(1), note(2)], 2), queue.push([note(3)])]);
    await slots.runAll();
    await written;

    expect(bursts).toEqual([{ seqs: [1, 2, 3], cursor: 2 }]);
    expect(await cursorOf(db)).toBe(2);
    // An older page arriving late never moves it back.
    await Promise.all([queue.push([note(1)], 1), slots.runAll()]);
    expect(await cursorOf(db)).toBe(2);
    db.close();
  });

  it('a burst that fails half way leaves neither its rows nor the cursor behind, and the next one applies', async () => {
    const db = openTandemDb(freshDbName());
    const slots = idleSlots();
    const queue = createTeamRowsQueue(createTeamRowsApplier(db), { schedule: slots.schedule });
    await db.teamCursors.put({ key: 'history', seq: 1 });

    // Row 3 cannot be stored (IndexedDB refuses to clone a function): rows 2 and 3 and the cursor to 3 go together or not at all.
    const failed = outcome(queue.push([note(2), note(3, () => 'not a note')], 3));
    const live = outcome(queue.push([note(4)]));
    await slots.runAll();
    expect(await failed).toBe('refused');
    // What arrived in the same burst is refused with it (the catch-up reads it again from the cursor).
    expect(await live).toBe('refused');
    expect(await db.notes.count()).toBe(0);
    expect(await cursorOf(db)).toBe(1);

    // Read again, whole this time: applied, and the cursor moves.
    const again = queue.push([note(2), note(3), note(4)], 4);
    await slots.runAll();
    await again;
    expect((await db.notes.toArray()).map((row) => row.id).sort()).toEqual(['n-2', 'n-3', 'n-4']);
    expect(await cursorOf(db)).toBe(4);
    db.close();
  });
});
