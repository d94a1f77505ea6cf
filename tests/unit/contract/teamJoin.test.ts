import { describe, expect, it } from 'vitest';
import { JoinBatch, TEAM_JOIN_LIMITS } from '@tandem/contract';

const customer = (id: string) => ({ id, name: 'Carla', createdAt: 0, identities: [] });

describe('a first-join batch is bounded before main writes anything', () => {
  it('takes at most 200 customers, 500 notes and 500 calls per batch', () => {
    expect(
      JoinBatch.safeParse({ phase: 'customers', customers: Array.from({ length: TEAM_JOIN_LIMITS.customers }, (_, i) => customer(`c${i}`)) }).success,
    ).toBe(true);
    expect(
      JoinBatch.safeParse({ phase: 'customers', customers: Array.from({ length: TEAM_JOIN_LIMITS.customers + 1 }, (_, i) => customer(`c${i}`)) }).success,
    ).toBe(false);
    const note = { id: 'n', customerId: 'c', callId: null, text: 'x', createdAt: 0 };
    expect(JoinBatch.safeParse({ phase: 'history', notes: Array.from({ length: TEAM_JOIN_LIMITS.rows + 1 }, () => note), calls: [] }).success).toBe(false);
  });

  it('refuses a note longer than the team keeps, an unknown identity kind and fields it does not know', () => {
    const note = { id: 'n', customerId: 'c', callId: null, text: 'x'.repeat(TEAM_JOIN_LIMITS.noteText + 1), createdAt: 0 };
    expect(JoinBatch.safeParse({ phase: 'history', notes: [note], calls: [] }).success).toBe(false);
    const fax = { kind: 'fax', value: '1', did: null, status: 'unverified', verifiedHow: null, verifiedAt: null };
    expect(JoinBatch.safeParse({ phase: 'customers', customers: [{ ...customer('c'), identities: [fax] }] }).success).toBe(false);
    expect(JoinBatch.safeParse({ phase: 'customers', customers: [{ ...customer('c'), author: 'ben' }] }).success).toBe(false);
  });
});
