import { describe, expect, it } from 'vitest';
import { createPopQuiet } from '../../../renderer/src/customers/popQuiet';
import { createTandemStore } from '../../../renderer/src/store/store';
import { carlaCalls, createContextHost, freshDbName, openDb } from './contextFakes';

// The screen pop holds IndexedDB from the ring until its panel has painted; the team's rows wait meanwhile
// (customers/popQuiet.ts, teamRowsQueue.ts).

describe('a ringing call has IndexedDB to itself until its panel has painted', () => {
  it('the pop holds from the ring, through its read, until the frame after the panel shows the caller', async () => {
    const { db, repo } = openDb(freshDbName());
    const host = createContextHost();
    const quiet = createPopQuiet();
    let paint: (() => void) | undefined;
    const store = createTandemStore({
      api: host.api,
      customers: repo,
      popQuiet: quiet,
      afterPaint: () => new Promise<void>((resolve) => (paint = resolve)),
    });

    // The ring: the hold starts in the same task as the pop's read.
    store.getState().contextCallChanged(carlaCalls());
    expect(quiet.busy()).toBe(true);

    // The read answered and the panel shows its result; the hold lasts until that has painted.
    for (let turn = 0; turn < 100 && paint === undefined; turn += 1) await new Promise<void>((resolve) => setTimeout(resolve, 5));
    expect(store.getState().contextStatus).not.toBe('loading');
    expect(quiet.busy()).toBe(true);
    paint?.();
    await quiet.whenQuiet();
    expect(quiet.busy()).toBe(false);
    db.close();
  });
});
