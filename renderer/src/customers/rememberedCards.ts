import type Dexie from 'dexie';
import type { CustomerTables } from './customerTables';
import type { PopCard } from './popCardTables';

/**
 * The pop cards this window has read or stored since it opened, held in
 * memory for the last {@link REMEMBERED_CARDS} callers: a caller who rang
 * before paints with the ringing call itself, in the same commit, without
 * waiting for IndexedDB (whose answer comes a task later, often after the
 * ringing call's own frame, so the panel paints a frame late).
 *
 * It is exactly as true as the stored cards it mirrors (popCardTables.ts):
 * - forgetting a customer's cards (inside the transaction that changes who
 *   they are) forgets them here at once, before that transaction commits;
 * - any write to an identity forgets every card here: a number now shared,
 *   moved or claimed is what a stored card's own read re-checks, and memory
 *   has no such read;
 * - a card read from IndexedDB before a forget is not kept after it (the epoch);
 * - another window of this desk that forgets cards says so on a BroadcastChannel.
 * The panel still reads the full context once the card has painted and shows
 * what changed (ScreenPopController.confirmCard), as it does for a stored card.
 */
export const REMEMBERED_CARDS = 200;

/** What a window tells the others of the same desk (same database) when it forgets cards. */
export type ForgetMessage = { readonly forget: readonly string[] } | { readonly forgetAll: true };

export interface RememberedCards {
  /** The card stored under this caller key, if this window holds it. */
  recall(kind: PopCard['kind'], value: string): PopCard | undefined;
  /** Taken before an IndexedDB read of cards: {@link keep} refuses what it read if anything was forgotten since. */
  readonly epoch: number;
  keep(card: PopCard, readAt: number): void;
  forgetCustomers(customerIds: readonly string[]): void;
}

/** The channel the windows of one desk (one database) share. */
export const forgetChannelName = (databaseName: string): string => `tandem-pop-cards:${databaseName}`;

const keyOf = (kind: string, value: string) => `${kind}\u0000${value}`;

class CardMemory implements RememberedCards {
  readonly #cards = new Map<string, PopCard>();
  readonly #capacity: number;
  readonly #tell: (message: ForgetMessage) => void;
  #epoch = 0;

  constructor(capacity: number, tell: (message: ForgetMessage) => void) {
    this.#capacity = capacity;
    this.#tell = tell;
  }

  get epoch(): number {
    return this.#epoch;
  }

  recall(kind: PopCard['kind'], value: string): PopCard | undefined {
    const key = keyOf(kind, value);
    const card = this.#cards.get(key);
    if (card === undefined) return undefined;
    // Most recently used last: the first entry is the one to drop.
    this.#cards.delete(key);
    this.#cards.set(key, card);
    return card;
  }

  keep(card: PopCard, readAt: number): void {
    if (readAt !== this.#epoch) return;
    const key = keyOf(card.kind, card.value);
    this.#cards.delete(key);
    this.#cards.set(key, card);
    if (this.#cards.size > this.#capacity) {
      const oldest = this.#cards.keys().next().value;
      if (oldest !== undefined) this.#cards.delete(oldest);
    }
  }

  forgetCustomers(customerIds: readonly string[], told = false): void {
    if (customerIds.length === 0) return;
    this.#epoch += 1;
    const gone = new Set(customerIds);
    for (const [key, card] of this.#cards) if (gone.has(card.customerId)) this.#cards.delete(key);
    if (!told) this.#tell({ forget: [...customerIds] });
  }

  forgetAll(): void {
    this.#epoch += 1;
    this.#cards.clear();
  }

  heard(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    if ('forgetAll' in message && message.forgetAll === true) this.forgetAll();
    else if ('forget' in message && Array.isArray(message.forget))
      this.forgetCustomers(
        message.forget.filter((id): id is string => typeof id === 'string'),
        true,
      );
  }
}

type RememberingDb = Dexie & Pick<CustomerTables, 'identities'>;
const memories = new WeakMap<Dexie, CardMemory>();

/** The one memory of a database's cards in this window (every pop-card reader and writer shares it). */
export function rememberedCardsOf(db: RememberingDb, capacity = REMEMBERED_CARDS): RememberedCards {
  const known = memories.get(db);
  if (known !== undefined) return known;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(forgetChannelName(db.name)) : null;
  const memory = new CardMemory(capacity, (message) => channel?.postMessage(message));
  channel?.addEventListener('message', (event: MessageEvent<unknown>) => memory.heard(event.data));
  // Every identity write, by any writer of this database in this window, in the step that makes it.
  const forgetAll = () => memory.forgetAll();
  db.identities.hook('creating', forgetAll);
  db.identities.hook('updating', forgetAll);
  db.identities.hook('deleting', forgetAll);
  db.on('close', () => channel?.close());
  memories.set(db, memory);
  return memory;
}
