import type { CallerPop, CustomerContext } from '../customers/customerContext';
import { sameContext } from '../customers/popCards';
import { ScreenPopStatus, type ContextStatus } from './screenPopStatus';

/** A pop whose cached read takes longer than this shows "Looking up the caller…" first. */
export const LOADING_GRACE_MS = 120;

/** What a settled read writes to the panel: its status and whom it shows. */
export interface ScreenPopView {
  readonly contextStatus: ContextStatus;
  readonly customerContext: CustomerContext | null;
  readonly contextCandidates: CallerPop['matches'];
}

export interface ScreenPopPorts<Patch> {
  /** Writes a deferred "loading" patch to the store, in one commit. */
  readonly commit: (patch: Patch) => void;
  /** Writes what confirming a pop card found. */
  readonly show: (view: ScreenPopView) => void;
  /** The customer the panel shows now. */
  readonly shown: () => CustomerContext | null;
  /** Resolves once what the store just changed has painted. */
  readonly afterPaint: () => Promise<void>;
  readonly graceMs?: number;
}

/**
 * The screen pop's timing, without the store or the database: which turn is
 * current, when "loading" is worth painting, and when a card on screen is
 * checked against a full read. The panel's status is a {@link ScreenPopStatus}
 * machine; every status written to the store comes from {@link move} or the
 * patches the controller commits.
 *
 * - **Generations.** Every pop or pick {@link begin}s a turn; an answer read
 *   for an earlier turn is dropped (`isCurrent`), so a slow lookup for the
 *   previous caller never paints over the one ringing now.
 * - **Grace.** A pop's "loading" patch is not committed at once: the cache
 *   usually answers within a frame, and the panel then goes from what it
 *   showed to the caller's context in ONE commit (no render, layout and
 *   paint of a loading state on the way). It is committed when the read is
 *   slow (`graceMs`) or when anything else touches the panel first
 *   ({@link commitLoading}).
 * - **Card confirmation.** A pop painted from the caller's pop card is read
 *   again once it is on screen; what changed since replaces it.
 */
export class ScreenPopController<Patch extends object> {
  readonly #ports: ScreenPopPorts<Patch>;
  readonly #status = new ScreenPopStatus();
  #generation = 0;
  #pending: { readonly turn: number; readonly timer: ReturnType<typeof setTimeout>; patch: Patch } | null = null;

  constructor(ports: ScreenPopPorts<Patch>) {
    this.#ports = ports;
  }

  get status(): ContextStatus {
    return this.#status.current;
  }

  /** The current turn: an answer read for another one is stale. */
  get turn(): number {
    return this.#generation;
  }

  isCurrent(turn: number): boolean {
    return turn === this.#generation;
  }

  /** A new pop or pick: what was deferred is committed, earlier turns go stale, the status is loading. */
  begin(): number {
    this.commitLoading();
    this.#status.transition('loading');
    return ++this.#generation;
  }

  /** Moves the status (throws on a move the table refuses) and returns the store's patch for it. */
  move(to: ContextStatus): { contextStatus: ContextStatus } {
    return { contextStatus: this.#status.transition(to) };
  }

  /** The panel closes: every read in flight goes stale. */
  close(): { contextStatus: ContextStatus } {
    this.#dropPending();
    this.#generation++;
    return this.#status.current === 'idle' ? { contextStatus: 'idle' } : this.move('idle');
  }

  /** Holds the turn's "loading" patch back for the grace period. */
  defer(turn: number, patch: Patch): void {
    this.#dropPending();
    this.#pending = { turn, patch, timer: setTimeout(() => this.commitLoading(), this.#ports.graceMs ?? LOADING_GRACE_MS) };
  }

  /** Commits the deferred patch now, if its turn is still current. */
  commitLoading(): void {
    const pending = this.#dropPending();
    if (pending !== null && this.isCurrent(pending.turn)) this.#ports.commit(pending.patch);
  }

  /**
   * Changes the current turn's deferred patch (the call being popped changed
   * before its panel showed); false when nothing is deferred for this turn.
   */
  amend(update: (patch: Patch) => Patch | null): boolean {
    const pending = this.#pending;
    if (pending === null || !this.isCurrent(pending.turn)) return false;
    const amended = update(pending.patch);
    if (amended === null) return false;
    pending.patch = amended;
    return true;
  }

  /**
   * The turn's read answered: the deferred patch, not committed, so the
   * caller writes it together with the answer; null when it was committed.
   */
  settle(turn: number): Patch | null {
    if (this.#pending?.turn !== turn) return null;
    return this.#dropPending()?.patch ?? null;
  }

  /**
   * Once the card has painted, reads everything again and shows what changed;
   * true when the panel still shows the caller (their profiles may be fetched).
   * Nothing happens when another turn began or the panel left "known" meanwhile.
   */
  async confirmCard(turn: number, read: () => Promise<Pick<CallerPop, 'matches' | 'context'> | undefined>): Promise<boolean> {
    await this.#ports.afterPaint();
    if (!this.isCurrent(turn)) return false;
    const fresh = await read();
    if (fresh === undefined || !this.isCurrent(turn) || this.status !== 'known') return false;
    if (fresh.context === null) {
      // The number is no longer (only) this customer's: what a first ring would show.
      const status = this.move(fresh.matches.length === 0 ? 'unknown' : 'ambiguous');
      this.#ports.show({ ...status, customerContext: null, contextCandidates: fresh.matches });
      return false;
    }
    const shown = this.#ports.shown();
    if (shown === null || !sameContext(shown, fresh.context))
      this.#ports.show({ contextStatus: 'known', customerContext: fresh.context, contextCandidates: [] });
    return true;
  }

  #dropPending(): { readonly turn: number; readonly patch: Patch } | null {
    const pending = this.#pending;
    if (pending !== null) clearTimeout(pending.timer);
    this.#pending = null;
    return pending;
  }
}
