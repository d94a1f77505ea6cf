import { describe, expect, it } from 'vitest';
import type { CallInfo } from '@tandem/contract';
import { callToPopAfterRead } from '../../../renderer/src/context/snapshotPop';
import { carlaCalls } from './contextFakes';

// What a read of main's softphone state pops: what the ringing events the window missed would have.
const call = (id: string, patch: Partial<CallInfo>) => carlaCalls({ id, ...patch });

describe('the call a reconnect or a reload pops', () => {
  const active = call('active', { state: 'active', startedAt: 1 });
  const older = call('older-ring', { state: 'ringing', startedAt: 2 });
  const newer = call('newer-ring', { state: 'ringing', startedAt: 3 });

  it('a call that rang meanwhile, the newest, over whatever the panel shows', () => {
    expect(callToPopAfterRead([active, older, newer], active)?.id).toBe('newer-ring');
    expect(callToPopAfterRead([older, newer], newer)?.id).toBe('older-ring');
    expect(callToPopAfterRead([older], { ...active, state: 'ended' })?.id).toBe('older-ring');
  });

  it('with none ringing, the newest live call fills an empty panel and leaves a shown one alone', () => {
    expect(callToPopAfterRead([active], null)?.id).toBe('active');
    expect(callToPopAfterRead([active], { ...older, state: 'ended' })).toBeUndefined();
    expect(callToPopAfterRead([newer], newer)).toBeUndefined();
  });

  it('never an ended call or a consultation; over a shown call, no call of its own (outbound)', () => {
    expect(callToPopAfterRead([call('gone', { state: 'ended' })], null)).toBeUndefined();
    expect(callToPopAfterRead([call('consult', { state: 'ringing', consultFor: 'active' })], active)).toBeUndefined();
    expect(callToPopAfterRead([call('out', { state: 'dialing', direction: 'outbound' })], active)).toBeUndefined();
  });
});
