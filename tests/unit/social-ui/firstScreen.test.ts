import { afterEach, describe, expect, it, vi } from 'vitest';
import { openTandemDb } from '../../../renderer/src/data/db';
import { startEarlyReads, type EarlyReads } from '../../../renderer/src/data/earlyReads';
import { FIRST_SCREEN_WAIT_MS, firstScreenReady } from '../../../renderer/src/data/firstScreen';
import { INBOX_HEAD } from '../../../renderer/src/social/inboxHead';
import { withInboxKey } from '../../../renderer/src/social/inboxSortKey';
import { freshDbName } from '../context/contextFakes';
import { storedConversation } from './socialFakes';

// Issue 14 item 2: after a reload the desk renders once, with the inbox's first screenful in it,
// instead of rendering empty and again when the head's read comes in behind that render.

const NOW = Date.UTC(2026, 11, 5, 12, 0);

/** Early reads whose head never answers (an open held up by another window's upgrade). */
const stuckEarly = (): EarlyReads => ({
  db: openTandemDb(freshDbName()),
  takeInboxHead: () => null,
  headSettled: new Promise(() => undefined),
});

describe('the desk’s first render after a reload', () => {
  afterEach(() => vi.useRealTimers());

  it('waits until the head has been read, so the rows are there for it', async () => {
    // Step: a desk with 100 conversations reloads.
    const name = freshDbName();
    const seeded = openTandemDb(name);
    await seeded.conversations.bulkPut(Array.from({ length: 100 }, (_, i) => withInboxKey(storedConversation(i, NOW))));
    seeded.close();
    const early = startEarlyReads(name);
    const head = early.takeInboxHead(INBOX_HEAD)!;
    let rows: number | null = null;
    void head.then((read) => (rows = read.length));

    // Step: the render's go-ahead comes once the rows are read, not before.
    await firstScreenReady(early, 60_000);
    expect(rows).toBe(INBOX_HEAD);
    early.db.close();
  });

  it('renders anyway when the head is held up, after a bounded wait', async () => {
    vi.useFakeTimers();
    let ready = false;
    void firstScreenReady(stuckEarly()).then(() => (ready = true));
    await vi.advanceTimersByTimeAsync(FIRST_SCREEN_WAIT_MS - 1);
    expect(ready).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(ready).toBe(true);
  });

  it('does not wait where there is no inbox to read (the supervisor view, no IndexedDB)', async () => {
    vi.useFakeTimers();
    let ready = false;
    void firstScreenReady(null).then(() => (ready = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(ready).toBe(true);
  });
});
