import type { CallInfo, OwnAvailability } from '@tandem/contract';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import { AvailabilityService } from '../../../main/core/supervisor/availabilityService';

import { manualClock } from '../softphone/support/manualClock';

/** The team database as the service sees it: each statement recorded, answered like PostgreSQL would. */
function fakeDatabase() {
  const statements: Array<{ sql: string; values: unknown[] }> = [];
  let stored: string | null = null;
  let down = false;
  const query = (sql: string, values: unknown[] = []) => {
    statements.push({ sql, values });
    if (down) return Promise.reject(new Error('connection refused'));
    if (sql.startsWith('insert into agent_states')) stored = String(values[0]);
    if (sql.startsWith('select state')) return Promise.resolve({ rows: stored === null ? [] : [{ state: stored, since: new Date(0) }], rowCount: 1 });
    return Promise.resolve({ rows: [{ state: stored, since: new Date(0) }], rowCount: 1 });
  };
  return {
    sessions: { pool: () => Promise.resolve({ query } as never) },
    statements,
    get stored() {
      return stored;
    },
    setStored(state: string) {
      stored = state;
    },
    setDown(value: boolean) {
      down = value;
    },
  };
}

const call = (state: CallInfo['state'], answeredAt: number | null): CallInfo => ({ id: 'call-1', state, answeredAt }) as unknown as CallInfo;
const settle = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

function service(db: ReturnType<typeof fakeDatabase>, leaseSeconds = 45) {
  const clock = manualClock();
  const heard: OwnAvailability[] = [];
  const availability = new AvailabilityService({
    sessions: db.sessions,
    clock,
    log: silentLogger,
    wrapUpMs: 30_000,
    leaseSeconds,
    emit: (state) => heard.push(state),
  });
  return { clock, heard, availability };
}

describe("the agent's availability", () => {
  it('a desk opens available, the agent takes a break, and the database is told each time', async () => {
    const db = fakeDatabase();
    const { availability } = service(db);
    await availability.start();
    expect(db.stored).toBe('available');
    await availability.choose('break');
    expect(db.stored).toBe('break');
    expect(availability.current().state).toBe('break');
  });

  it('a desk reloaded during a break stays on the break', async () => {
    const db = fakeDatabase();
    db.setStored('break');
    const { availability } = service(db);
    await availability.start();
    expect(availability.current().state).toBe('break');
  });

  it('an answered call that ends starts wrap-up, which ends by itself after the configured time', async () => {
    const db = fakeDatabase();
    const { clock, availability } = service(db);
    await availability.start();
    availability.callChanged(call('ringing', null));
    availability.callChanged(call('active', 1));
    availability.callChanged(call('ended', 1));
    await settle();
    expect(availability.current()).toMatchObject({ state: 'wrap-up', wrapUpEndsAt: clock.now() + 30_000 });
    expect(db.stored).toBe('wrap-up');
    clock.advance(30_000);
    await settle();
    expect(availability.current().state).toBe('available');
    expect(db.stored).toBe('available');
  });

  it('a missed call does not start wrap-up, and an agent on a break who takes a call stays on the break', async () => {
    const db = fakeDatabase();
    const { availability } = service(db);
    await availability.start();
    availability.callChanged(call('ringing', null));
    availability.callChanged(call('ended', null));
    expect(availability.current().state).toBe('available');
    await availability.choose('break');
    availability.callChanged(call('active', 1));
    availability.callChanged(call('ended', 1));
    expect(availability.current().state).toBe('break');
  });

  it('the lease is renewed every 15 s, and a state the database missed while away is written again with it', async () => {
    const db = fakeDatabase();
    const { clock, availability } = service(db);
    await availability.start();
    db.setDown(true);
    await availability.choose('away');
    expect(db.stored).toBe('available');
    db.setDown(false);
    clock.advance(14_999);
    await settle();
    expect(db.stored).toBe('available');
    clock.advance(1);
    await settle();
    expect(db.stored).toBe('away');
    await availability.stop();
    expect(db.statements.at(-1)?.sql).toMatch(/state = 'offline'/);
  });

  it('a centre that sets a 12 s lease gets it in every write, renewed every 4 s', async () => {
    const db = fakeDatabase();
    const { clock, availability } = service(db, 12);
    await availability.start();
    const writes = () => db.statements.filter((statement) => statement.sql.startsWith('insert into agent_states'));
    expect(writes().at(-1)?.values).toEqual(['available', 12]);
    clock.advance(4_000);
    await settle();
    expect(writes()).toHaveLength(2);
    expect(writes().at(-1)?.values).toEqual(['available', 12]);
    await availability.stop();
  });
});
