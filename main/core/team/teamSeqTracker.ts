/**
 * Which team changes this desk has applied, by their `seq`, so each change
 * reaches the cache once however it arrives (NOTIFY, a catch-up page, both).
 *
 * Why not just "the highest seq seen": seqs are taken when a row is written
 * but become visible when its transaction commits, so seq 7 can commit (and
 * be notified) before seq 6; remembering only 7 would skip 6 forever. And a
 * seq may never appear at all: a rolled-back transaction, or an insert that
 * hit `on conflict do nothing` after its trigger took a value.
 *
 * So the tracker keeps a **watermark** (every seq at or below it is applied
 * or known never to come; this is what survives a restart) and the seqs
 * applied above it. A hole below an applied seq is waited for `graceMs`
 * (the caller re-reads team_changes meanwhile); after that it is taken for a
 * rollback and the watermark moves past it. A transaction that commits later
 * than the grace after a newer one is the one case this misses (documented
 * in docs/ARCHITECTURE.md).
 */
export class TeamSeqTracker {
  #watermark: number;
  /** Applied seqs above the watermark, with when they were applied. */
  readonly #ahead = new Map<number, number>();

  constructor(
    watermark: number,
    private readonly graceMs: number,
  ) {
    this.#watermark = watermark;
  }

  /** Every seq at or below it is applied or settled as never coming. */
  get watermark(): number {
    return this.#watermark;
  }

  /** The highest seq applied (the watermark when nothing is ahead of it). */
  get highest(): number {
    return Math.max(this.#watermark, ...this.#ahead.keys());
  }

  /** Holes below an applied seq are still open. */
  get hasGap(): boolean {
    return this.#ahead.size > 0;
  }

  /** Records `seq` as applied at `now`; false when it already was (the caller skips it). */
  accept(seq: number, now: number): boolean {
    if (seq <= this.#watermark || this.#ahead.has(seq)) return false;
    this.#ahead.set(seq, now);
    this.#advance(now, false);
    return true;
  }

  /** Moves the watermark past holes that have waited `graceMs`; true when it moved. */
  settle(now: number): boolean {
    const before = this.#watermark;
    this.#advance(now, true);
    return this.#watermark !== before;
  }

  #advance(now: number, settleOld: boolean): void {
    for (const seq of [...this.#ahead.keys()].sort((a, b) => a - b)) {
      const appliedAt = this.#ahead.get(seq) ?? now;
      if (seq !== this.#watermark + 1 && !(settleOld && now - appliedAt >= this.graceMs)) return;
      this.#watermark = seq;
      this.#ahead.delete(seq);
    }
  }
}
