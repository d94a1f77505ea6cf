import { describe, expect, it } from 'vitest';
import type { TeamRowChange } from '@tandem/contract';
import { createTeamRowsApplier } from '../../../renderer/src/customers/teamRows';
import { contextStore } from '../context/contextFakes';

/**
 * Ben's Customers area while Ana, on her desk, merges a duplicate (issue 12 §7,
 * team mode): the rows reach his cache through the team feed (teamRows.ts),
 * and the open area must follow without Ben typing again.
 */

const T0 = 1_764_700_000_000;
const ana = { id: 'ana', name: 'Ana Ruiz' };
const customer = (id: string, name: string, seq: number, merged?: string): TeamRowChange => ({
  table: 'customers',
  id,
  seq,
  row: { name, createdBy: 'ana', createdAt: T0, updatedAt: T0 + seq, ...(merged === undefined ? {} : { mergedInto: merged }) },
});
const phone = (customerId: string, value: string, seq: number): TeamRowChange => ({
  table: 'identities',
  id: `${customerId}|phone|${value}`,
  seq,
  row: { customerId, kind: 'phone', value, did: null, status: 'unverified', verifiedBy: null, verifiedHow: null, verifiedAt: null, claim: null },
});
const note = (id: string, customerId: string, text: string, seq: number): TeamRowChange => ({
  table: 'notes',
  id,
  seq,
  row: { customerId, callId: null, text, important: false, author: ana, createdAt: T0, updatedAt: T0 + seq },
});

/** Ana's two Carlas, each with a number and a note, as Ben's cache received them. */
const ANAS_CARLAS = [
  customer('carla', 'Carla Gómez', 1),
  phone('carla', '+12125550147', 2),
  note('n1', 'carla', 'Prefers a call after 5 pm', 3),
  customer('dup', 'C. Gómez', 4),
  phone('dup', '+12125550162', 5),
  note('n2', 'dup', 'Asked about invoice 42', 6),
];

/** What the team database sends when Ana merges C. Gómez into Carla Gómez (migration 9's merge_customers). */
const ANAS_MERGE = [
  { table: 'identities', id: 'dup|phone|+12125550162', seq: 7, row: null } as TeamRowChange,
  phone('carla', '+12125550162', 8),
  note('n2', 'carla', 'Asked about invoice 42', 9),
  customer('dup', 'C. Gómez', 10, 'carla'),
  customer('carla', 'Carla Gómez', 11),
];

async function bensDesk() {
  const world = contextStore();
  const applier = createTeamRowsApplier(world.db);
  await applier.apply(ANAS_CARLAS);
  /** As startDesk does: the rows are written, then the area is told. */
  const arrive = async (rows: readonly TeamRowChange[]) => {
    await applier.apply(rows);
    await world.store.getState().directoryRowsApplied(rows);
  };
  return { ...world, arrive };
}

const listed = (hits: readonly { customer: { name: string } }[] | null) => hits?.map((hit) => hit.customer.name);

describe('Ben’s Customers area follows a merge Ana made on her desk', () => {
  it('his open search lists one Carla Gómez once the merge reaches his cache, without typing again', async () => {
    const { store, db, arrive } = await bensDesk();
    await step('Ben searches "Gómez" and sees both Carlas', async () => {
      await store.getState().searchDirectory('Gómez');
      expect(listed(store.getState().directorySearch.hits)).toEqual(['C. Gómez', 'Carla Gómez']);
    });
    await step('Ana’s merge arrives: the list he has open shows one Carla Gómez', async () => {
      await arrive(ANAS_MERGE);
      expect(await db.customers.get('dup')).toBeUndefined();
      expect(store.getState().directorySearch.query).toBe('Gómez');
      expect(listed(store.getState().directorySearch.hits)).toEqual(['Carla Gómez']);
    });
    await step('she has both numbers', async () => {
      await store.getState().selectDirectoryCustomer('carla');
      expect(
        store
          .getState()
          .directoryCustomer?.identities.map((identity) => identity.value)
          .sort(),
      ).toEqual(['+12125550147', '+12125550162']);
    });
    db.close();
  });

  it('with the duplicate open, the area switches to Carla Gómez and says it was merged, rather than show a dead record', async () => {
    const { store, db, arrive } = await bensDesk();
    await store.getState().selectDirectoryCustomer('dup');
    await arrive(ANAS_MERGE);
    expect(store.getState().directoryCustomer?.customer.name).toBe('Carla Gómez');
    expect(store.getState().directoryCustomer?.identities).toHaveLength(2);
    expect(store.getState().directoryNotice).toEqual({ key: 'customers.notice.merged', name: 'Carla Gómez' });
    db.close();
  });

  it('a colleague’s note changes no hit, so the search is not read again; a rename of the selected customer shows', async () => {
    const { store, db, arrive } = await bensDesk();
    await store.getState().searchDirectory('Carla');
    await store.getState().selectDirectoryCustomer('carla');
    const before = store.getState().directorySearch;
    await arrive([note('n3', 'carla', 'Called back', 12)]);
    expect(store.getState().directorySearch).toBe(before);
    await arrive([customer('carla', 'Carla Gómez Ruiz', 13)]);
    expect(store.getState().directoryCustomer?.customer.name).toBe('Carla Gómez Ruiz');
    expect(listed(store.getState().directorySearch.hits)).toEqual(['Carla Gómez Ruiz']);
    db.close();
  });
});

/** A named step of the story: a failure names it. */
async function step(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error: unknown) {
    throw new Error(`step "${name}" failed`, { cause: error });
  }
}
