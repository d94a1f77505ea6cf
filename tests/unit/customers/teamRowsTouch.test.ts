import { describe, expect, it } from 'vitest';
import type { TeamRowChange } from '@tandem/contract';
import { mergedInto, rowsTouchCustomer } from '../../../renderer/src/customers/teamRowsTouch';

const author = { id: 'ana', name: 'Ana Ruiz' };
const note = (customerId: string): TeamRowChange => ({
  table: 'notes',
  id: `note-${customerId}`,
  seq: 1,
  row: { customerId, callId: null, text: 'Refund promised', important: false, author, createdAt: 1, updatedAt: 1 },
});
const customer = (id: string, mergedInto: string | null = null): TeamRowChange => ({
  table: 'customers',
  id,
  seq: 2,
  row: { name: 'Lucía', createdBy: 'ana', createdAt: 1, updatedAt: 1, mergedInto },
});

describe('which team rows change the customer on screen', () => {
  it('Ana’s note about the customer Ben has open refreshes his panel; a note about someone else does not', () => {
    expect(rowsTouchCustomer([note('lucia')], 'lucia')).toBe(true);
    expect(rowsTouchCustomer([note('carla')], 'lucia')).toBe(false);
  });

  it('her own row, and a customer merged into her, count; another customer’s row does not', () => {
    expect(rowsTouchCustomer([customer('lucia')], 'lucia')).toBe(true);
    expect(rowsTouchCustomer([customer('lucia-dup', 'lucia')], 'lucia')).toBe(true);
    expect(rowsTouchCustomer([customer('carla')], 'lucia')).toBe(false);
  });

  it('a deleted note no longer says whose it was, so it counts; a deleted other customer does not', () => {
    expect(rowsTouchCustomer([{ table: 'notes', id: 'n1', seq: 3, row: null }], 'lucia')).toBe(true);
    expect(rowsTouchCustomer([{ table: 'customers', id: 'carla', seq: 3, row: null }], 'lucia')).toBe(false);
  });

  it('a customer merged away on another desk names the one she went into, so a screen showing her shows that one', () => {
    expect(mergedInto([note('lucia'), customer('lucia-dup', 'lucia')], 'lucia-dup')).toBe('lucia');
    expect(mergedInto([customer('lucia-dup', 'lucia')], 'lucia')).toBeNull();
    expect(mergedInto([customer('lucia-dup')], 'lucia-dup')).toBeNull();
  });
});
