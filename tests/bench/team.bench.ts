/**
 * `npm run bench` (tests/bench/run.sh team.bench.ts alone): the team database's figures on
 * loopback (issue 11, "Bench") — a throwaway PostgreSQL (tests/peers/postgres.ts, SCRAM logins
 * over TCP) migrated with this build's team schema, desks reduced to their database work in
 * Node (no page, no browser). Prints a table; never asserts a time. It fails only when a
 * scenario breaks (a desk that never hears of a change, reads the wrong row, a catch-up that
 * misses a change, a claim refused).
 *
 *   1. Fan-out: 50, then 200 desks connected, each one pg connection LISTENing on
 *      `tandem_changes` as its own agent login. The first desk inserts a note through the real
 *      schema (its triggers stamp the seq, log the change and NOTIFY); every other desk parses
 *      the payload and reads the note by id (the stand-in for "applied in the desk's cache").
 *      Clock: Node's `performance.now()`, from just before the insert is sent to the desk's
 *      read returning. Rows: per desk, and the slowest desk of each change.
 *   2. Catch-up: a desk is away while 10 000 changes are written (customers, notes,
 *      interactions inserted, notes edited); it reconnects, LISTENs, then pages through
 *      `team_changes where seq > last order by seq limit 1000` and reads each page's rows by
 *      id, one query per table. Clock: connect → last page's rows read.
 *   3. Claim round trip: `claimConversation` (main/core/team/claims.ts) on one agent
 *      connection over free conversations; also a renewal, and a lost claim (two round trips:
 *      the update, then the holder's name).
 *
 * All desks share this process's event loop and the machine's cores with PostgreSQL: the
 * fan-out figures are an upper bound for desks that each run on their own computer.
 *
 * Knobs (env): BENCH_TEAM_DESKS (fleet sizes, default "50,200"), BENCH_TEAM_CHANGES (measured
 * changes per fleet, default 50), BENCH_TEAM_CATCHUP (missed changes, default 10 000, min 10),
 * BENCH_TEAM_CATCHUP_RUNS (default 5), BENCH_TEAM_CLAIMS (default 1 000).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { test } from '@playwright/test';
import type pg from 'pg';
import { claimConversation } from '../../main/core/team/claims';
import { startTeamCluster, type AgentLogin, type TeamCluster } from '../integration/team/support/teamCluster';
import { assertLoopbackOnly } from '../peers/netns';
import { timingTable, type Row } from './support/stats';
import { catchUp, DeskFleet, type CatchUpFigures } from './support/teamDesks';

const knob = (name: string, fallback: number, min = 1): number => {
  const value = Number(process.env[name]);
  return Math.max(min, Number.isInteger(value) && value > 0 ? value : fallback);
};
const FLEETS = (process.env['BENCH_TEAM_DESKS'] ?? '50,200')
  .split(',')
  .map(Number)
  .filter((size) => Number.isInteger(size) && size >= 2)
  .sort((a, b) => a - b);
const CHANGES = knob('BENCH_TEAM_CHANGES', 50);
const CATCHUP = knob('BENCH_TEAM_CATCHUP', 10_000, 10);
const CATCHUP_RUNS = knob('BENCH_TEAM_CATCHUP_RUNS', 5);
const CLAIMS = knob('BENCH_TEAM_CLAIMS', 1_000);
/** Unmeasured changes and claims first: connection caches, plans, JIT of this process. */
const WARMUP = 5;
const DB = 'team_bench';
const CUSTOMER = 'bench-customer';
const OUT_DIR = 'test-results/bench';

const log = (message: string) => console.log(`[team bench] ${message}`);

interface MemoryReading {
  readonly at: string;
  readonly usage: NodeJS.MemoryUsage;
}

function memoryText(readings: readonly MemoryReading[]): string {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const header = ['bench process memory (no forced GC)', 'rss', 'heapUsed', 'heapTotal', 'external'];
  const rows = readings.map(({ at, usage }) => [at, mb(usage.rss), mb(usage.heapUsed), mb(usage.heapTotal), mb(usage.external)]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** Writes `total` changes as one agent: new customers, notes and interactions, then edits of notes. */
async function writeMissedChanges(writer: pg.Pool, total: number): Promise<void> {
  const customers = Math.floor(total / 10);
  const notes = Math.floor(total / 2);
  const interactions = Math.floor(total / 5);
  const edits = total - customers - notes - interactions;
  await writer.query("insert into customers (id, name) select 'cu-' || n, 'Customer ' || n from generate_series(1, $1) as n", [customers]);
  await writer.query(
    "insert into notes (id, customer_id, text) select 'away-note-' || n, 'cu-' || (1 + n % $2), 'Missed note ' || n from generate_series(1, $1) as n",
    [notes, customers],
  );
  await writer.query(
    `insert into interactions (id, customer_id, channel, direction, at, summary)
     select 'away-call-' || n, 'cu-' || (1 + n % $2), 'phone', 'inbound', now(), 'Missed call ' || n from generate_series(1, $1) as n`,
    [interactions, customers],
  );
  await writer.query(
    "update notes set text = text || ' (edited)', updated_at = now() where id in (select 'away-note-' || n from generate_series(1, $1) as n)",
    [edits],
  );
}

test('team database: change fan-out, catch-up, claim round trip', async () => {
  test.setTimeout(10 * 60_000);
  assertLoopbackOnly();
  await mkdir(OUT_DIR, { recursive: true });
  const started = performance.now();
  const rows: Row[] = [];
  const notes: string[] = [];
  const memory: MemoryReading[] = [{ at: 'start', usage: process.memoryUsage() }];
  const readMemory = (at: string) => memory.push({ at, usage: process.memoryUsage() });
  const biggest = FLEETS.at(-1) ?? 0;
  let cluster: TeamCluster | undefined;
  let fleet: DeskFleet | undefined;
  const results: Record<string, unknown> = {};

  try {
    // Every desk holds a LISTEN connection: the default 100 would not admit 200 desks.
    cluster = await startTeamCluster({ maxConnections: Math.max(100, biggest + 50) });
    const admin = await cluster.teamDatabase(DB);
    const target = { port: cluster.postgres.port, database: DB };
    const agents: AgentLogin[] = [];
    const setupAt = performance.now();
    for (let i = 1; i <= Math.max(biggest, 3); i += 1) {
      agents.push(await cluster.addAgent(DB, `desk${String(i).padStart(3, '0')}`, `Desk ${i}`, 'agent'));
    }
    await admin.query('insert into customers (id, name) values ($1, $2)', [CUSTOMER, 'Carla Diaz']);
    log(`PostgreSQL up in ${cluster.postgres.startMs} ms; ${agents.length} agent logins in ${((performance.now() - setupAt) / 1000).toFixed(1)} s`);

    // ------------------------------------------------------------ 1. fan-out
    const writerAgent = agents[0];
    if (writerAgent === undefined) throw new Error('no agents');
    const writer = cluster.as(DB, writerAgent, 1);
    fleet = new DeskFleet(target);
    let changeNo = 0;
    for (const size of FLEETS) {
      const connectAt = performance.now();
      await fleet.connect(agents.slice(fleet.desks.length, size));
      log(`${size} desks LISTENing (${((performance.now() - connectAt) / 1000).toFixed(1)} s to connect the new ones)`);
      readMemory(`${size} desks connected`);
      const perDesk: number[] = [];
      const notified: number[] = [];
      const slowest: number[] = [];
      const insert: number[] = [];
      for (let i = 0; i < WARMUP + CHANGES; i += 1) {
        changeNo += 1;
        const figures = await fleet.change(writer, writerAgent.id, CUSTOMER, `fan-${size}-${changeNo}`);
        if (figures.applied.length !== size - 1) throw new Error(`change ${changeNo}: ${figures.applied.length} desks of ${size - 1} read it`);
        if (i < WARMUP) continue;
        perDesk.push(...figures.applied);
        notified.push(...figures.notified);
        slowest.push(Math.max(...figures.applied));
        insert.push(figures.insertMs);
      }
      const target250 = size === 200 ? '≤ 250 ms p95' : '(info)';
      rows.push(
        { name: `fan-out ${size} desks: write → row read, per desk`, samples: perDesk, target: target250 },
        { name: `fan-out ${size} desks: write → row read, slowest desk`, samples: slowest, target: target250 },
        { name: `  write → NOTIFY received, per desk`, samples: notified, target: '(info)' },
        { name: `  writer's insert round trip (commit)`, samples: insert, target: '(info)' },
      );
      results[`fanout${size}`] = { perDesk, notified, slowest, insert };
    }
    readMemory('after fan-out');
    const connected = memory.filter((reading) => reading.at.endsWith('desks connected'));
    const [fewest, most] = [connected[0], connected.at(-1)];
    if (fewest !== undefined && most !== undefined && most !== fewest && FLEETS.length > 1) {
      const perDesk = (most.usage.rss - fewest.usage.rss) / ((FLEETS.at(-1) ?? 0) - (FLEETS[0] ?? 0));
      notes.push(`bench process rss per added desk connection (between ${FLEETS[0]} and ${biggest} desks, no forced GC): ${(perDesk / 1024).toFixed(1)} kB`);
    }
    await fleet.close();
    readMemory('desks closed');

    // ------------------------------------------------------------ 2. catch-up
    const away = agents[1];
    if (away === undefined) throw new Error('no second agent');
    const lastSeen = Number((await admin.query<{ seq: string | null }>('select max(seq) as seq from team_changes')).rows[0]?.seq ?? 0);
    const writeAt = performance.now();
    await writeMissedChanges(writer, CATCHUP);
    const writeMs = performance.now() - writeAt;
    const runs: CatchUpFigures[] = [];
    for (let run = 0; run < CATCHUP_RUNS; run += 1) {
      const figures = await catchUp(target, away, lastSeen);
      if (figures.changes !== CATCHUP) throw new Error(`catch-up saw ${figures.changes} changes of ${CATCHUP}`);
      runs.push(figures);
    }
    const distinct = runs[0]?.rows ?? 0;
    rows.push(
      { name: `catch-up of ${CATCHUP} changes: reconnect → all rows read`, samples: runs.map((run) => run.totalMs), unit: 's', target: '≤ 2 s' },
      { name: '  connect + LISTEN (SCRAM login)', samples: runs.map((run) => run.connectMs), target: '(info)' },
      { name: '  per page (1 000 changes + their rows)', samples: runs.flatMap((run) => run.pageMs), target: '(info)' },
    );
    notes.push(
      `catch-up: ${CATCHUP} changes (${distinct} rows read per run, distinct within each page; ${runs[0]?.pageMs.length ?? 0} pages) written in ${(writeMs / 1000).toFixed(2)} s by one agent in 4 statements; ${CATCHUP_RUNS} runs from the same last seq`,
    );
    results['catchUp'] = { writeMs, runs };
    readMemory('after catch-up');

    // ------------------------------------------------------------ 3. claims
    const rival = agents[2];
    if (rival === undefined) throw new Error('no third agent');
    await admin.query(
      "insert into conversations (id, account_id, last_item_at) select 'bench-conv-' || n, 'bluesky:acme.test', now() from generate_series(1, $1) as n",
      [WARMUP + CLAIMS],
    );
    const claimer = cluster.as(DB, away, 1);
    const rivalPool = cluster.as(DB, rival, 1);
    const claim: number[] = [];
    for (let n = 1; n <= WARMUP + CLAIMS; n += 1) {
      const at = performance.now();
      const result = await claimConversation(claimer, `bench-conv-${n}`);
      const ms = performance.now() - at;
      if (!result.ok) throw new Error(`claim of a free conversation refused: bench-conv-${n} ${JSON.stringify(result.heldBy)}`);
      if (n > WARMUP) claim.push(ms);
    }
    const renewals = Math.min(CLAIMS, 200);
    const renew: number[] = [];
    const lost: number[] = [];
    for (let n = WARMUP + 1; n <= WARMUP + renewals; n += 1) {
      let at = performance.now();
      const renewed = await claimConversation(claimer, `bench-conv-${n}`);
      renew.push(performance.now() - at);
      if (!renewed.ok) throw new Error(`renewal refused: bench-conv-${n}`);
      at = performance.now();
      const taken = await claimConversation(rivalPool, `bench-conv-${n}`);
      lost.push(performance.now() - at);
      if (taken.ok || taken.heldBy?.id !== away.id) throw new Error(`bench-conv-${n} held by ${away.id}, yet ${rival.id} got ${JSON.stringify(taken)}`);
    }
    rows.push(
      { name: 'claim round trip (free conversation)', samples: claim, target: '≤ 30 ms p95' },
      { name: '  renew (claim again, own lease)', samples: renew, target: '(info)' },
      { name: '  lost claim → holder named (2 round trips)', samples: lost, target: '(info)' },
    );
    results['claims'] = { claim, renew, lost };
    readMemory('after claims');
  } finally {
    await fleet?.close();
    await cluster?.close().catch(() => undefined);
    const took = (performance.now() - started) / 1000;
    const summary = [
      '',
      `Tandem team database bench — ${new Date().toISOString()} — ${took.toFixed(0)} s — loopback netns, PostgreSQL in a throwaway cluster`,
      '',
      timingTable(rows),
      '',
      memoryText(memory),
      '',
      ...notes.map((note) => `- ${note}`),
      `- desks: ${FLEETS.join(', ')}, each a LISTEN connection as its own agent login, all in this one process; ${CHANGES} measured changes per fleet after ${WARMUP} unmeasured`,
      '',
    ].join('\n');
    process.stdout.write(summary);
    await writeFile(`${OUT_DIR}/team-summary.txt`, summary);
    await writeFile(`${OUT_DIR}/team-results.json`, JSON.stringify({ rows, memory, ...results }, null, 2));
  }
});
