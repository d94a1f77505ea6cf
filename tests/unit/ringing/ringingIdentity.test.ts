import { describe, expect, it } from 'vitest';
import type { CallInfo } from '@tandem/contract';
import type { CustomerContext, TimelineEntry } from '../../../renderer/src/customers/customerContext';
import type { Identity, Note } from '../../../renderer/src/customers/model';
import { callerLine, ringingIdentity } from '../../../renderer/src/ringing/ringingIdentity';
import { callInfo } from '../renderer/softphoneFakes';

const note = (id: string, text: string, important: boolean): Note => ({ id, customerId: 'lucia', callId: null, text, important, updatedAt: 1 });
const callEntry = (id: string, at: number, wrapUpCode: string | null, callId = id): TimelineEntry => ({
  id,
  source: 'interaction',
  channel: 'call',
  direction: 'inbound',
  at,
  summary: '',
  wrapUpCode,
  callId,
  conversationId: null,
  uri: null,
  outcome: 'answered',
});

function lucia(overrides: Partial<CustomerContext> = {}): CustomerContext {
  return {
    customer: { id: 'lucia', name: 'Lucía Fernández', nameLower: 'lucía fernández', nameWords: ['lucia', 'fernandez'], createdAt: 0, updatedAt: 0 },
    identities: [{ id: 'i1', verified: true } as Identity],
    posts: [],
    timeline: [callEntry('old', 10, 'resolved'), callEntry('newer', 20, 'follow-up'), callEntry('newest', 30, null)],
    notes: [note('n1', 'Prefers Spanish', true), note('n2', 'Called about billing', false)],
    ...overrides,
  };
}

const state = (
  calls: CallInfo[],
  contextCall: CallInfo | null,
  customerContext: CustomerContext | null,
  contextStatus: 'known' | 'loading' | 'unknown' = 'known',
) => ({
  calls,
  contextCall,
  contextStatus,
  customerContext,
});

describe('who the ringing banner shows', () => {
  it('is nothing when no call rings in', () => {
    const active = callInfo({ state: 'active', answeredAt: 1 });
    expect(ringingIdentity(state([active], active, lucia()))).toBeNull();
  });

  it('is the matched customer: name, verified, last wrap-up code and only the important notes', () => {
    const call = callInfo();
    const identity = ringingIdentity(state([call], call, lucia()));
    expect(identity?.customer).toMatchObject({ name: 'Lucía Fernández', verified: true, openComplaint: false, lastWrapUpCode: 'follow-up' });
    expect(identity?.customer?.importantNotes.map((n) => n.text)).toEqual(['Prefers Spanish']);
    expect(identity && callerLine(identity)).toEqual({ text: 'Lucía Fernández', isAddress: false });
  });

  it('flags an open complaint', () => {
    const call = callInfo();
    const context = lucia({ posts: [{ openComplaint: true } as CustomerContext['posts'][number]] });
    expect(ringingIdentity(state([call], call, context))?.customer?.openComplaint).toBe(true);
  });

  it('never shows a customer the panel holds for another call, or before the pop has read', () => {
    const call = callInfo();
    const other = callInfo({ state: 'active' });
    expect(ringingIdentity(state([call, other], other, lucia()))?.customer).toBeNull();
    const loading = ringingIdentity(state([call], call, null, 'loading'));
    expect(loading).toMatchObject({ customer: null, looking: true });
  });

  it('names an unknown caller by the network’s display name, or by the number, which then reads left to right', () => {
    const named = callInfo();
    expect(callerLine({ call: named, customer: null, looking: false })).toEqual({ text: 'Lucía Fernández', isAddress: false });
    const bare = callInfo({ remote: { uri: 'sip:2001@pbx.example', displayName: '', number: null } });
    expect(callerLine({ call: bare, customer: null, looking: false })).toEqual({ text: '2001@pbx.example', isAddress: true });
  });
});
