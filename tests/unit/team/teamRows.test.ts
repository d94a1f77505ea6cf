import { describe, expect, it } from 'vitest';
import type { TeamRowChange, TeamWrite } from '@tandem/contract';
import { silentLogger } from '../../../main/core/log/logger';
import { createTeamHistory, type HistoryFeed } from '../../../main/core/team/teamHistory';
import { mapTeamRow, readTeamRows, type RowReader, type RowRef } from '../../../main/core/team/teamRows';

// Main reads the rows a change names, under the agent's login, and maps them to the contract (teamRows.ts, teamHistory.ts).

const NO_CLAIM = { claim_handle: null, claim_did: null, claim_phone: null, claim_evidence_uri: null, claim_at: null };
const T0 = 1_764_700_000_000;
const ANA = { id: 'ana', name: 'Ana Ruiz' };

const noteRow = (id: string, seq: string) => ({
  id,
  seq,
  customer_id: 'carla',
  call_id: null,
  text: 'Wants a callback',
  important: true,
  author: ANA,
  created_at: T0 + 0.4,
  updated_at: T0 + 1_000.6,
});

/** A session that answers each table's read from `tables` (by the ids asked for) and records what it was asked. */
function fakeReader(tables: Record<string, readonly { id: string }[]>) {
  const asked: { table: string; ids: string[] }[] = [];
  const reader: RowReader = {
    query(text, values = []) {
      const table = /from (\w+) where id = any/.exec(text.replace(/\s+/g, ' '))?.[1] ?? '?';
      const ids = values[0] as string[];
      asked.push({ table, ids });
      return Promise.resolve({ rows: (tables[table] ?? []).filter((row) => ids.includes(row.id)) });
    },
  };
  return { reader, asked };
}

describe('a changed row, as the desk reads it', () => {
  it('maps columns to the contract: camelCase, epoch milliseconds, the seq as a number, the author with their name', () => {
    expect(mapTeamRow('notes', noteRow('n-1', '42'))).toEqual({
      table: 'notes',
      id: 'n-1',
      seq: 42,
      row: { customerId: 'carla', callId: null, text: 'Wants a callback', important: true, author: ANA, createdAt: T0, updatedAt: T0 + 1_001 },
    });
    expect(
      mapTeamRow('identities', {
        id: 'carla|bluesky|carla.test',
        seq: '7',
        customer_id: 'carla',
        kind: 'bluesky',
        value: 'carla.test',
        did: 'did:plc:carla',
        status: 'verified',
        verified_by: ANA,
        verified_how: 'code-post',
        verified_at: T0,
        ...NO_CLAIM,
      })?.row,
    ).toMatchObject({ status: 'verified', verifiedBy: ANA, verifiedHow: 'code-post', verifiedAt: T0, claim: null });
    // A claimed link comes with who claimed it, the message and when, and nobody as its verifier.
    expect(
      mapTeamRow('identities', {
        id: 'carla|bluesky|carla.test',
        seq: '8',
        customer_id: 'carla',
        kind: 'bluesky',
        value: 'carla.test',
        did: 'did:plc:carla',
        status: 'claimed',
        verified_by: null,
        verified_how: null,
        verified_at: null,
        claim_handle: 'carla.test',
        claim_did: 'did:plc:carla',
        claim_phone: '+12125550123',
        claim_evidence_uri: 'at://did:plc:carla/chat.bsky.convo.message/m1',
        claim_at: T0 + 0.4,
      })?.row,
    ).toMatchObject({
      status: 'claimed',
      verifiedBy: null,
      claim: { handle: 'carla.test', did: 'did:plc:carla', phone: '+12125550123', evidenceUri: 'at://did:plc:carla/chat.bsky.convo.message/m1', at: T0 },
    });
  });

  it('skips a row this build cannot show (an identity kind it does not know) instead of failing the batch', () => {
    const fax = {
      id: 'x',
      seq: '8',
      customer_id: 'c',
      kind: 'fax',
      value: '1',
      did: null,
      status: 'unverified',
      verified_by: null,
      verified_how: null,
      verified_at: null,
      ...NO_CLAIM,
    };
    expect(mapTeamRow('identities', fax, silentLogger)).toBeUndefined();
  });

  it('reads each table once for a batch, takes each row once at its newest change, says "gone" for a deleted row, ignores other tables', async () => {
    const { reader, asked } = fakeReader({ notes: [noteRow('n-1', '12')] });
    const refs: RowRef[] = [
      { table: 'notes', id: 'n-1', seq: 10 },
      { table: 'conversations', id: 'conv-1', seq: 11 },
      { table: 'notes', id: 'n-1', seq: 12 },
      { table: 'identities', id: 'carla|phone|+12125550123', seq: 13 },
    ];
    const rows = await readTeamRows(reader, refs);
    expect(asked).toEqual([
      { table: 'identities', ids: ['carla|phone|+12125550123'] },
      { table: 'notes', ids: ['n-1'] },
    ]);
    expect(rows.map((row) => [row.table, row.id, row.seq, row.row === null ? 'gone' : 'row'])).toEqual([
      ['notes', 'n-1', 12, 'row'],
      ['identities', 'carla|phone|+12125550123', 13, 'gone'],
    ]);
  });
});

/** The feed's side of the history, driven by the test. */
function fakeFeed(reader: RowReader | undefined) {
  const listeners = new Set<(change: RowRef) => void>();
  const written: TeamWrite[] = [];
  const feed: HistoryFeed = {
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    openSession: () => reader,
    liveSession: () => reader,
    status: () => ({ settledSeq: 12 }),
    write(write) {
      written.push(write);
      return Promise.resolve();
    },
    writeMany(writes) {
      written.push(...writes);
      return Promise.resolve();
    },
    refusedWrites: () => [],
    retryRefused: () => Promise.resolve(false),
    discardRefused: () => Promise.resolve(false),
  };
  const change = (ref: RowRef) => {
    for (const listener of [...listeners]) listener(ref);
  };
  return { feed, change, written };
}

describe("the desk's windows hear history rows in batches", () => {
  it('changes heard together (a catch-up page) are read together and announced as one batch', async () => {
    const { reader, asked } = fakeReader({ notes: [noteRow('n-1', '10'), noteRow('n-2', '11')] });
    const { feed, change } = fakeFeed(reader);
    const batches: TeamRowChange[][] = [];
    const history = createTeamHistory({ feed, emit: (rows) => batches.push([...rows]), log: silentLogger });
    change({ table: 'notes', id: 'n-1', seq: 10 });
    change({ table: 'notes', id: 'n-2', seq: 11 });
    change({ table: 'social_items', id: 'at://x', seq: 12 });
    await history.idle();
    expect(asked).toHaveLength(1);
    expect(batches.map((batch) => batch.map((row) => row.id))).toEqual([['n-1', 'n-2']]);
    history.dispose();
  });

  it('a catch-up page carries how far the feed has settled, so a window never moves its cursor past it', async () => {
    const reader: RowReader = {
      query: (text) => Promise.resolve({ rows: text.includes('team_changes') ? [{ seq: '15', table_name: 'notes', row_id: 'n-1' }] : [noteRow('n-1', '15')] }),
    };
    const history = createTeamHistory({ feed: fakeFeed(reader).feed, emit: () => undefined, log: silentLogger });
    expect(await history.rowsSince(0, 10)).toMatchObject({ through: 15, settled: 12, done: true, rows: [{ id: 'n-1', seq: 15 }] });
    history.dispose();
  });

  it('a catch-up asked while a batch is being read is answered after that batch went out, so a window applies them in the order they were read', async () => {
    const reader: RowReader = {
      query: (text) => Promise.resolve({ rows: text.includes('team_changes') ? [] : [noteRow('n-1', '10')] }),
    };
    const { feed, change } = fakeFeed(reader);
    const order: string[] = [];
    const history = createTeamHistory({ feed, emit: () => order.push('batch'), log: silentLogger });
    change({ table: 'notes', id: 'n-1', seq: 10 });
    await history.rowsSince(10, 10).then(() => order.push('page'));
    expect(order).toEqual(['batch', 'page']);
    history.dispose();
  });

  it('without a live session a catch-up is refused as offline, and a write still goes to the outbox', async () => {
    const { feed, written } = fakeFeed(undefined);
    const history = createTeamHistory({ feed, emit: () => undefined, log: silentLogger });
    await expect(history.rowsSince(0, 10)).rejects.toMatchObject({ code: 'unavailable', messageKey: 'team.errors.offline' });
    const note: TeamWrite = { kind: 'note', id: 'n-9', customerId: 'carla', callId: null, text: 'x', createdAt: T0 };
    expect(await history.write(note)).toBeNull();
    expect(written).toEqual([note]);
    history.dispose();
  });
});
