/**
 * The rows of one store that one write transaction reads and writes, held in
 * memory for the transaction's length, so the transaction costs two IndexedDB
 * round trips however many rows it touches:
 *
 * - `load` reads every row the batch will look at in one `bulkGet`; `get`
 *   then answers from memory (and from the batch's own earlier writes, so a
 *   second change to the same row sees the first).
 * - `put` and `delete` go out at once, without waiting for the previous one:
 *   IndexedDB runs a transaction's requests in the order they were made.
 *   `settled` waits for all of them and rejects with the first that failed
 *   (the caller's transaction then aborts: none of them stays).
 */
/** What a batch needs of a Dexie table keyed by `id`. */
export interface BatchStore<Row> {
  bulkGet(ids: string[]): PromiseLike<(Row | undefined)[]>;
  put(row: Row): PromiseLike<unknown>;
  delete(id: string): PromiseLike<unknown>;
}

export class BatchRows<Row extends { readonly id: string }> {
  readonly #table: BatchStore<Row>;
  readonly #rows = new Map<string, Row | undefined>();
  readonly #writes: Promise<unknown>[] = [];

  constructor(table: BatchStore<Row>) {
    this.#table = table;
  }

  /** Reads the rows of `ids` not yet held (one request). */
  async load(ids: Iterable<string>): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => !this.#rows.has(id));
    if (wanted.length === 0) return;
    const rows = await this.#table.bulkGet(wanted);
    wanted.forEach((id, index) => this.#rows.set(id, rows[index]));
  }

  /** The row as the batch has it now; reading one that was never loaded is a bug in the batch's plan. */
  get(id: string): Row | undefined {
    if (!this.#rows.has(id)) throw new Error(`batch row ${id} was read without being loaded`);
    return this.#rows.get(id);
  }

  put(row: Row): void {
    this.#rows.set(row.id, row);
    this.#track(this.#table.put(row));
  }

  delete(id: string): void {
    this.#rows.set(id, undefined);
    this.#track(this.#table.delete(id));
  }

  /** Every write issued so far has succeeded; rejects with the first failure. */
  async settled(): Promise<void> {
    await Promise.all(this.#writes);
  }

  #track(request: PromiseLike<unknown>): void {
    const write = Promise.resolve(request);
    // Observed here too: a batch that throws before `settled` must not leave an unhandled rejection behind.
    write.catch(() => undefined);
    this.#writes.push(write);
  }
}
