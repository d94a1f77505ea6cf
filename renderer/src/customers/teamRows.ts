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
 * - The cache's cursor (`teamCursors`) moves in the same transaction as the rows
 *   it covers: a batch that fails leaves both where they were.
 */
export interface TeamRowsApplier {
  /** Applies `changes` in one transaction; with `cursor`, also moves the cache's cursor there (never back). */
  apply(changes: readonly TeamRowChange[], cursor?: number): Promise<void>;
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

const DIRECTIONS: readonly InteractionDirection[] = ['inbound', 'outbound', 'internal'];
const isChannel = (value: string): value is InteractionChannel => (INTERACTION_CHANNELS as readonly string[]).includes(value);
const isDirection = (value: string): value is InteractionDirection => (DIRECTIONS as readonly string[]).includes(value);

/** Whether a change at `seq` is newer than what the cache holds (a row this desk made and never saw echoed counts as older). */
const newer = (existing: { readonly teamSeq?: number } | undefined, seq: number) => existing?.teamSeq === undefined || existing.teamSeq < seq;

type Change<T extends TeamRowChange['table']> = Extract<TeamRowChange, { table: T }>;

export function createTeamRowsApplier(db: TeamRowsDb, now: () => number = Date.now): TeamRowsApplier {
  const cards = createPopCards(db, now);
  const merges = createCustomerMerges(db, { now });

  async function customer(change: Change<'customers'>, forget: Set<string>): Promise<void> {
    const existing = await db.customers.get(change.id);
    if (!newer(existing, change.seq)) return;
    const row = change.row;
    if (row === null) {
      if (existing === undefined) return;
      await db.customers.delete(change.id);
      forget.add(change.id);
      return;
    }
    if (typeof row.mergedInto === 'string') {
      // Merged on some desk: the team already moved its rows (they arrive on their own), and what only this
      // desk holds (a note written offline, a call draft) moves the same way here. A customer this cache
      // never had stays absent.
      if (existing === undefined) return;
      if ((await merges.mergeCustomers(row.mergedInto, change.id)) === null) await db.customers.delete(change.id);
      forget.add(change.id).add(row.mergedInto);
      return;
    }
    const next: Customer = {
      ...existing,
      id: change.id,
      name: row.name,
      nameLower: row.name.toLowerCase(),
      createdAt: row.createdAt,
      // This desk moves `updatedAt` when it links an identity; the later of the two is still true.
      updatedAt: Math.max(row.updatedAt, existing?.updatedAt ?? 0),
      teamSeq: change.seq,
    };
    await db.customers.put(next);
    if (existing !== undefined && existing.name !== row.name) forget.add(change.id);
  }

  async function identity(change: Change<'identities'>, forget: Set<string>): Promise<void> {
    const existing = await db.identities.get(change.id);
    if (!newer(existing, change.seq)) return;
    const row = change.row;
    if (existing !== undefined) forget.add(existing.customerId);
    if (row === null) {
      if (existing !== undefined) await db.identities.delete(change.id);
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
        await db.identities.put(placed);
        return;
      }
      const claim = row.status === 'claimed' && row.claim !== null ? { claim: row.claim } : {};
      await db.identities.put({ ...placed, did: row.did ?? placed.did, ...claim });
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
    await db.identities.put(next);
  }

  async function interaction(change: Change<'interactions'>): Promise<void> {
    const existing = await db.interactions.get(change.id);
    if (!newer(existing, change.seq)) return;
    const row = change.row;
    if (row === null) {
      await db.interactions.delete(change.id);
      if (existing?.channel === 'call') await db.notes.delete(change.id);
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
    await db.interactions.put(next);
    // A call's note is its summary, kept as a note row like callRecords.ts writes it (same id).
    if (row.channel !== 'call') return;
    if (row.customerId === null || row.summary.trim() === '') {
      await db.notes.delete(change.id);
      return;
    }
    const note = await db.notes.get(change.id);
    await db.notes.put({
      id: change.id,
      customerId: row.customerId,
      callId: row.callId,
      text: row.summary,
      updatedAt: note?.text === row.summary ? note.updatedAt : Math.max(row.at, note?.updatedAt ?? 0),
      author: row.author,
      teamSeq: change.seq,
    });
  }

  async function note(change: Change<'notes'>): Promise<void> {
    const existing = await db.notes.get(change.id);
    if (!newer(existing, change.seq)) return;
    const row = change.row;
    if (row === null) {
      await db.notes.delete(change.id);
      await db.interactions.delete(`note:${change.id}`);
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
    await db.notes.put(next);
    if (row.callId === null) await db.interactions.put({ ...noteInteraction(next), author: row.author, teamSeq: change.seq });
  }

  return {
    async apply(changes, cursor) {
      if (changes.length === 0 && cursor === undefined) return;
      const inOrder = [...changes].sort((a, b) => a.seq - b.seq);
      const stores = new Set<Store>(inOrder.flatMap((change) => (isMergeMark(change) ? MERGE_STORES : STORES_OF[change.table])));
      if (cursor !== undefined) stores.add('teamCursors');
      await db.transaction('rw', [...stores], async () => {
        const forget = new Set<string>();
        for (const change of inOrder) {
          switch (change.table) {
            case 'customers':
              await customer(change, forget);
              break;
            case 'identities':
              await identity(change, forget);
              break;
            case 'interactions':
              await interaction(change);
              break;
            case 'notes':
              await note(change);
              break;
          }
        }
        await cards.forget([...forget]);
        if (cursor !== undefined && ((await db.teamCursors.get('history'))?.seq ?? 0) < cursor) await db.teamCursors.put({ key: 'history', seq: cursor });
      });
    },
  };
}
