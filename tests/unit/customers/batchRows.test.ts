import { describe, expect, it } from 'vitest';
import { BatchRows, type BatchStore } from '../../../renderer/src/customers/batchRows';

// A team batch's rows: read in one request, written without waiting on one another (customers/batchRows.ts).

interface Row {
  readonly id: string;
  readonly text: string;
}

/** A store whose writes answer only when told to, and that counts its requests. */
function slowStore(rows: Record<string, Row>) {
  const requests: string[] = [];
  const pending: (() => void)[] = [];
  const later = <T>(value: T) => new Promise<T>((resolve) => pending.push(() => resolve(value)));
  const store: BatchStore<Row> = {
    bulkGet(ids) {
      requests.push(`bulkGet ${ids.join(',')}`);
      return Promise.resolve(ids.map((id) => rows[id]));
    },
    put(row) {
      requests.push(`put ${row.id}`);
      return later(row.id);
    },
    delete(id) {
      requests.push(`delete ${id}`);
      return later(undefined);
    },
  };
  return { store, requests, answerAll: () => pending.splice(0).forEach((answer) => answer()) };
}

describe("a team batch's rows cost two round trips, however many", () => {
  it('reads every row in one request, answers later reads from memory, and sends every write before the first is answered', async () => {
    const { store, requests, answerAll } = slowStore({ a: { id: 'a', text: 'old a' } });
    const rows = new BatchRows(store);

    await rows.load(['a', 'b', 'a']);
    expect(requests).toEqual(['bulkGet a,b']);
    expect(rows.get('a')?.text).toBe('old a');
    expect(rows.get('b')).toBeUndefined();

    rows.put({ id: 'b', text: 'new b' });
    rows.put({ id: 'a', text: 'new a' });
    rows.delete('a');
    // The batch's own writes are what it reads next.
    expect(rows.get('b')?.text).toBe('new b');
    expect(rows.get('a')).toBeUndefined();
    expect(requests).toEqual(['bulkGet a,b', 'put b', 'put a', 'delete a']);

    let settled = false;
    const all = rows.settled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    answerAll();
    await all;
    expect(settled).toBe(true);
  });

  it('a row read without being loaded is refused (the batch forgot to ask for it)', () => {
    const rows = new BatchRows(slowStore({}).store);
    expect(() => rows.get('x')).toThrow(/without being loaded/);
  });

  it('a write that fails fails the batch', async () => {
    const failing: BatchStore<Row> = {
      bulkGet: (ids) => Promise.resolve(ids.map(() => undefined)),
      put: () => Promise.reject(new Error('quota')),
      delete: () => Promise.resolve(),
    };
    const rows = new BatchRows(failing);
    rows.put({ id: 'a', text: 'a' });
    rows.delete('b');
    await expect(rows.settled()).rejects.toThrow('quota');
  });
});
