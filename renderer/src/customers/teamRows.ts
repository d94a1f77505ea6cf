import type Dexie from 'dexie';
import { VerificationMethod, type TeamRowChange } from '@tandem/contract';
import {
  INTERACTION_CHANNELS,
  noteInteraction,
  unverifiedIdentity,
  type Customer,
  type Identity,
  type Interaction,
  type InteractionChannel,
  type InteractionDirection,
  type Note,
} from './model';
import { BatchRows } from './batchRows';
import { customerNameKeys } from './customerName';
import { createCustomerMerges } from './customerMerge';
import { createPopCards } from './popCards';
import type { CustomerTables } from './customerTables';
import type { TeamHistoryTables } from './teamHistoryTables';

/**
 * Team mode: rows of the team's shared history (main read them by id under
 * this agent's login) written into this desk's cache, so the next screen pop
 * here shows what another desk wrote.
 *
 * - Idempotent by id, last writer by seq: each row keeps the `teamSeq` it
 *   was applied at, and a copy at or below it changes nothing. A row this desk
 *   wrote itself (same id) comes back as its own echo and rewrites the same
 *   values.
 * - Only the columns the team database keeps are taken; what only this desk
 *   knows (a call's outcome, a cached profile, a claim the team kept without its evidence) stays.
 * - A verified link loses its verification only by being unlinked, as in the
 *   database (whose writes never downgrade one): an older copy arriving late
 *   cannot take a fresh proof away.
 * - Pop cards follow popCardTables.ts: a change to who the customer is (name,
 *   identities) deletes their cards in the same transaction; a new note or call
 *   is picked up by the panel's re-read after the card painted, as a local one is.
 * - One transaction per batch, over the stores the batch's tables write and no
 *   more: a batch of notes and calls does not hold `popCards` (or `customers`,
 *   `identities`), so a screen pop reading a pop card never waits behind it.
 * - A customer the team merged into another (`mergedInto`, schema 9) is
 *   folded into it here as on the desk that merged (customerMerge.ts), so
 *   rows only this cache holds follow, and the merged customer disappears.
 *   The fold runs after the batch's own writes, in the same transaction: rows
 *   the team moved arrive as changes of their own, and rows written later name
 *   the kept customer already (the database redirects them).
 * - The cache's cursor (`teamCursors`) moves in the same transaction as the rows
 *   it covers: a batch that fails leaves both where they were.
 * - Few round trips, however big the batch: every row the batch reads is fetched
 *   up front (one `bulkGet` per store, the cursor beside them), and the writes are
 *   issued without waiting on one another. A transaction open for one IndexedDB
 *   round trip per row would stay open for hundreds of milliseconds on a busy
 *   machine (a catch-up page re-applies rows the live feed already wrote), and a
 *   pop's reads queue behind whatever write is open when the call rings.
 * - A batch can be called off (`signal`): the transaction aborts and nothing of it
 *   stays, so a pop that rings meanwhile does not wait for its commit.
 */
export interface TeamRowsApplier {
  /**
   * Applies `changes` in one transaction; with `cursor`, also moves the cache's cursor there (never back).
   * When `signal` aborts before the transaction committed, it is aborted and the promise rejects.
   */
  apply(changes: readonly TeamRowChange[], cursor?: number, signal?: AbortSignal): Promise<void>;
}

export type TeamRowsDb = Dexie & Pick<CustomerTables, 'customers' | 'identities' | 'interactions' | 'notes' | 'callDrafts' | 'popCards'> & TeamHistoryTables;

/** The stores each table's changes write (popCards: a change to who a customer is forgets their cards; a call's note is a note row). */
type Store = 'customers' | 'identities' | 'interactions' | 'notes' | 'callDrafts' | 'popCards' | 'teamCursors';
const STORES_OF: Record<TeamRowChange['table'], readonly Store[]> = {
  customers: ['customers', 'popCards'],
  identities: ['identities', 'popCards'],
  interactions: ['interactions', 'notes'],
  notes: ['notes', 'interactions'],
};
/** A merged customer folds into the kept one here too (customerMerge.ts): every store a merge writes. */
const MERGE_STORES: readonly Store[] = ['customers', 'identities', 'interactions', 'notes', 'callDrafts', 'popCards'];
const isMergeMark = (change: TeamRowChange) => change.table === 'customers' && change.row !== null && typeof change.row.mergedInto === 'string';

/** A merge the batch found (kept ← merged), folded in after the batch's writes. */
interface MergeDue {
  readonly kept: string;
  readonly merged: string;
}

const DIRECTIONS: readonly InteractionDirection[] = ['inbound', 'outbound', 'internal'];
const isChannel = (value: string): value is InteractionChannel => (INTERACTION_CHANNELS as readonly string[]).includes(value);
const isDirection = (value: string): value is InteractionDirection => (DIRECTIONS as readonly string[]).includes(value);

/** Whether a change at `seq` is newer than what the cache holds (a row this desk made and never saw echoed counts as older). */
const newer = (existing: { readonly teamSeq?: number } | undefined, seq: number) => existing?.teamSeq === undefined || existing.teamSeq < seq;

type Change<T extends TeamRowChange['table']> = Extract<TeamRowChange, { table: T }>;

/** The rows one batch reads and writes, per store (batchRows.ts). */
interface Batch {
  readonly customers: BatchRows<Customer>;
  readonly identities: BatchRows<Identity>;
  readonly interactions: BatchRows<Interaction>;
  readonly notes: BatchRows<Note>;
}

/** Every row a batch's changes will read, so they are fetched in one request per store before any is applied. */
function rowsRead(changes: readonly TeamRowChange[]): Record<keyof Batch, string[]> {
  const ids: Record<keyof Batch, string[]> = { customers: [], identities: [], interactions: [], notes: [] };
  for (const change of changes) {
    ids[change.table].push(change.id);
    // A call's note is a note row with the call's id.
    if (change.table === 'interactions') ids.notes.push(change.id);
  }
  return ids;
}

export function createTeamRowsApplier(db: TeamRowsDb, now: () => number = Date.now): TeamRowsApplier {
  const cards = createPopCards(db, now);
  const merges = createCustomerMerges(db, { now });

  function customer(batch: Batch, change: Change<'customers'>, forget: Set<string>, mergesDue: MergeDue[]): void {
    const existing = batch.customers.get(change.id);
    if (!newer(existing, change.seq)) return;
    const row = change.row;
    if (row === null) {
      if (existing === undefined) return;
      batch.customers.delete(change.id);
      forget.add(change.id);
      return;
    }
    if (typeof row.mergedInto === 'string') {
      // Merged on some desk: the team already moved its rows (they arrive on their own), and what only this
      // desk holds (a note written offline, a call draft) moves the same way here. A customer this cache
      // never had stays absent.
      if (existing !== undefined) mergesDue.push({ kept: row.mergedInto, merged: change.id });
      return;
    }
    const next: Customer = {
      ...existing,
      id: change.id,
      name: row.name,
      ...customerNameKeys(row.name),
      createdAt: row.createdAt,
      // This desk moves `updatedAt` when it links an identity; the later of the two is still true.
      updatedAt: Math.max(row.updatedAt, existing?.updatedAt ?? 0),
      teamSeq: change.seq,
    };
    batch.customers.put(next);
    if (existing !== undefined && existing.name !== row.name) forget.add(change.id);
  }

  function identity(batch: Batch, change: Change<'identities'>, forget: Set<string>): void {
    const existing = batch.identities.get(change.id);
    if (!newer(existing, change.seq)) return;
    const row = change.row;
    if (existing !== undefined) forget.add(existing.customerId);
    if (row === null) {
      if (existing !== undefined) batch.identities.delete(change.id);
      return;
    }
    forget.add(row.customerId);
    const base: Identity = { ...(existing ?? unverifiedIdentity(row.customerId, row.kind, row.value, row.verifiedAt ?? now())), id: change.id };
    const placed: Identity = { ...base, customerId: row.customerId, kind: row.kind, value: row.value, teamSeq: change.seq };
    if (row.status !== 'verified') {
      // Not proven: a link this desk has proven stays so. A claimed one arrives with its evidence (who
      // claimed it, the message, when) and stays unverified; a claim this desk holds stays with it when
      // the team's copy has none (written before the team kept the evidence).
      if (placed.verified) {
        batch.identities.put(placed);
        return;
      }
      const claim = row.status === 'claimed' && row.claim !== null ? { claim: row.claim } : {};
      batch.identities.put({ ...placed, did: row.did ?? placed.did, ...claim });
      return;
    }
    const { claim: _claim, downgraded: _downgraded, ...proven } = placed;
    const method = VerificationMethod.safeParse(row.verifiedHow);
    const next: Identity = {
      ...proven,
      did: row.did ?? existing?.did ?? null,
      verified: true,
      verifiedHow: method.success ? method.data : (existing?.verifiedHow ?? null),
      verifiedAt: row.verifiedAt ?? existing?.verifiedAt ?? null,
      // A cached profile of some other account goes, as with a proof recorded here.
      profile: existing?.did === row.did ? existing.profile : null,
      ...(row.verifiedBy === null ? {} : { verifiedBy: row.verifiedBy }),
    };
    batch.identities.put(next);
  }

  function interaction(batch: Batch, change: Change<'interactions'>): void {
    const existing = batch.interactions.get(change.id);
    if (!newer(existing, change.seq)) return;
    const row = change.row;
    if (row === null) {
      batch.interactions.delete(change.id);
      if (existing?.channel === 'call') batch.notes.delete(change.id);
      return;
    }
    if (!isChannel(row.channel) || !isDirection(row.direction)) return;
    const next: Interaction = {
      ...existing,
      id: change.id,
      customerId: row.customerId,
      channel: row.channel,
      direction: row.direction,
      at: row.at,
      summary: row.summary,
      wrapUpCode: row.wrapUpCode,
      callId: row.callId,
      conversationId: row.conversationId,
      uri: row.uri ?? existing?.uri ?? null,
      outcome: existing?.outcome ?? null,
      endedAt: existing?.endedAt ?? null,
      author: row.author,
      teamSeq: change.seq,
    };
    batch.interactions.put(next);
    // A call's note is its summary, kept as a note row like callRecords.ts writes it (same id).
    if (row.channel !== 'call') return;
    if (row.customerId === null || row.summary.trim() === '') {
      batch.notes.delete(change.id);
      return;
    }
    const note = batch.notes.get(change.id);
    batch.notes.put({
      id: change.id,
      customerId: row.customerId,
      callId: row.callId,
      text: row.summary,
      updatedAt: note?.text === row.summary ? note.updatedAt : Math.max(row.at, note?.updatedAt ?? 0),
      author: row.author,
      teamSeq: change.seq,
    });
  }

  function note(batch: Batch, change: Change<'notes'>): void {
    const existing = batch.notes.get(change.id);
    if (!newer(existing, change.seq)) return;
    const row = change.row;
    if (row === null) {
      batch.notes.delete(change.id);
      batch.interactions.delete(`note:${change.id}`);
      return;
    }
    const next: Note = {
      id: change.id,
      customerId: row.customerId,
      callId: row.callId,
      text: row.text,
      important: row.important,
      updatedAt: row.updatedAt,
      author: row.author,
      teamSeq: change.seq,
    };
    batch.notes.put(next);
    if (row.callId === null) batch.interactions.put({ ...noteInteraction(next), author: row.author, teamSeq: change.seq });
  }

  return {
    async apply(changes, cursor, signal) {
      if (changes.length === 0 && cursor === undefined) return;
      signal?.throwIfAborted();
      const inOrder = [...changes].sort((a, b) => a.seq - b.seq);
      const stores = new Set<Store>(inOrder.flatMap((change) => (isMergeMark(change) ? MERGE_STORES : STORES_OF[change.table])));
      if (cursor !== undefined) stores.add('teamCursors');
      await db.transaction('rw', [...stores], async (transaction) => {
        const abort = () => {
          try {
            transaction.abort();
          } catch {
            // Already committing: it completes, and the batch counts as applied.
          }
        };
        signal?.addEventListener('abort', abort, { once: true });
        try {
          // Called off while the transaction was being opened.
          signal?.throwIfAborted();
          const batch: Batch = {
            customers: new BatchRows<Customer>(db.customers),
            identities: new BatchRows<Identity>(db.identities),
            interactions: new BatchRows<Interaction>(db.interactions),
            notes: new BatchRows<Note>(db.notes),
          };
          const ids = rowsRead(inOrder);
          // Round trip 1: every row the changes read, and the cursor, at once.
          const [stored] = await Promise.all([
            cursor === undefined ? Promise.resolve(undefined) : db.teamCursors.get('history'),
            ...(Object.keys(ids) as (keyof Batch)[]).map((table) => batch[table].load(ids[table])),
          ]);
          const forget = new Set<string>();
          const mergesDue: MergeDue[] = [];
          for (const change of inOrder) {
            switch (change.table) {
              case 'customers':
                customer(batch, change, forget, mergesDue);
                break;
              case 'identities':
                identity(batch, change, forget);
                break;
              case 'interactions':
                interaction(batch, change);
                break;
              case 'notes':
                note(batch, change);
                break;
            }
          }
          // Round trip 2: every write, the cards' and the cursor's with them.
          const cursorMoved = cursor !== undefined && (stored?.seq ?? 0) < cursor ? db.teamCursors.put({ key: 'history', seq: cursor }) : undefined;
          await Promise.all([cards.forget([...forget]), cursorMoved, ...Object.values(batch).map((rows: Batch[keyof Batch]) => rows.settled())]);
          // Rare (a merge on some desk): one fold at a time, after the batch's writes, in the same transaction.
          for (const { kept, merged } of mergesDue) {
            if ((await merges.mergeCustomers(kept, merged)) === null) await db.customers.delete(merged);
            await cards.forget([kept, merged]);
          }
        } finally {
          signal?.removeEventListener('abort', abort);
        }
      });
    },
  };
}
