import type { SupervisorBoard } from '@tandem/contract';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import { SupervisorService, type BoardChanges } from '../../../main/core/supervisor/supervisorService';
import type { BoardRow } from '../../../main/core/team/agentStates';
import { manualClock } from '../softphone/support/manualClock';

/** The database's clock runs 10 minutes ahead of the supervisor's desk: leases are read on the database's. */
const SKEW = 600_000;

/** `supervisor_board()` as the service sees it: rows the test sets, and a count of reads. */
function fakeBoard(clock: { now(): number }) {
  let rows: Array<Omit<BoardRow, 'server_now'>> = [];
  let reads = 0;
  let release: (() => void) | undefined;
  let hold = false;
  const query = async () => {
    reads += 1;
    if (hold) await new Promise<void>((resolve) => (release = resolve));
    return { rows: rows.map((row) => ({ ...row, server_now: new Date(clock.now() + SKEW) })) };
  };
  return {
    sessions: { pool: () => Promise.resolve({ query } as never) },
    set(next: typeof rows) {
      rows = next;
    },
    get reads() {
      return reads;
    },
    holdReads() {
      hold = true;
    },
    releaseRead() {
      hold = false;
      release?.();
    },
  };
}

function fakeFeed() {
  const changes = new Set<(change: { table: string }) => void>();
  const statuses = new Set<(status: { state: string }) => void>();
  const feed: BoardChanges = {
    onChange: (listener) => (changes.add(listener), () => void changes.delete(listener)),
    onStatus: (listener) => (statuses.add(listener), () => void statuses.delete(listener)),
  };
  return {
    feed,
    change: (table: string) => changes.forEach((listener) => listener({ table })),
    status: (state: string) => statuses.forEach((listener) => listener({ state })),
  };
}

const settle = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

function world() {
  const clock = manualClock();
  const db = fakeBoard(clock);
  const feed = fakeFeed();
  const boards: SupervisorBoard[] = [];
  const service = new SupervisorService({
    sessions: db.sessions,
    watcher: undefined,
    changes: feed.feed,
    clock,
    log: silentLogger,
    emit: (board) => boards.push(board),
  });
  const ana = (state: string, aliveForMs: number): Omit<BoardRow, 'server_now'> => ({
    agent_id: 'ana',
    name: 'Ana Ruiz',
    role: 'agent',
    sip_uri: null,
    state,
    since: new Date(clock.now() + SKEW - 1000),
    alive_until: new Date(clock.now() + SKEW + aliveForMs),
    social_since: null,
    social_until: null,
  });
  const last = () => boards.at(-1)?.agents[0];
  return { clock, db, feed, boards, service, ana, last };
}

describe("the supervisor's board rides the team change feed", () => {
  it('a change of a board table reads the board again at once; no read happens on a timer', async () => {
    const { db, feed, service, ana, last, clock } = world();
    db.set([ana('available', 45_000)]);
    await service.board();
    expect(db.reads).toBe(1);

    db.set([ana('break', 45_000)]);
    feed.change('agent_states');
    await settle();
    expect(db.reads).toBe(2);
    expect(last()?.state).toBe('break');

    feed.change('customers');
    clock.advance(10_000);
    await settle();
    expect(db.reads).toBe(2);
  });

  it('changes during a read ask for one more read, not one each', async () => {
    const { db, feed, service, ana } = world();
    db.set([ana('available', 45_000)]);
    await service.board();
    db.holdReads();
    feed.change('agent_states');
    await settle();
    for (let i = 0; i < 20; i += 1) feed.change('agent_states');
    db.releaseRead();
    await settle();
    expect(db.reads).toBe(3);
  });

  it('a desk that stops renewing turns offline when its lease lapses on the database’s clock, with no read', async () => {
    const { db, service, ana, last, clock } = world();
    db.set([ana('available', 45_000)]);
    await service.board();
    expect(last()?.state).toBe('available');
    clock.advance(44_000);
    expect(last()?.state).toBe('available');
    clock.advance(1_100);
    expect(last()).toMatchObject({ state: 'offline' });
    expect(db.reads).toBe(1);
  });

  it('the feed back live after a gap reads the board again; a status while live does not', async () => {
    const { db, feed, service, ana } = world();
    db.set([ana('available', 45_000)]);
    await service.board();
    feed.status('live');
    await settle();
    expect(db.reads).toBe(1);
    feed.status('reconnecting');
    feed.status('live');
    await settle();
    expect(db.reads).toBe(2);
  });
});
