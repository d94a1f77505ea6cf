import { describe, expect, it } from 'vitest';
import type { CallInfo } from '@tandem/contract';
import { callAnnouncements, newAnnouncementMemory } from '../../../renderer/src/ringing/callAnnouncements';
import { callInfo } from '../renderer/softphoneFakes';

describe('what the desk says aloud about calls', () => {
  const named = (call: CallInfo) => (call.remote.displayName === '' ? undefined : call.remote.displayName);

  it('announces a ring once, with the name, then the hold, then the end', () => {
    const memory = newAnnouncementMemory();
    const ringing = callInfo({ id: 'c1' });
    expect(callAnnouncements(memory, [ringing], named)).toEqual([{ kind: 'incoming', callId: 'c1', caller: 'Lucía Fernández' }]);
    // The same ring again (another event for it) says nothing new.
    expect(callAnnouncements(memory, [ringing], named)).toEqual([]);
    expect(callAnnouncements(memory, [{ ...ringing, state: 'active', answeredAt: 1 }], named)).toEqual([]);
    expect(callAnnouncements(memory, [{ ...ringing, state: 'held', heldAt: 2 }], named)).toEqual([{ kind: 'held', callId: 'c1' }]);
    expect(callAnnouncements(memory, [{ ...ringing, state: 'held', heldAt: 2 }], named)).toEqual([]);
    expect(callAnnouncements(memory, [{ ...ringing, state: 'active' }], named)).toEqual([]);
    // On hold a second time: said again.
    expect(callAnnouncements(memory, [{ ...ringing, state: 'held', heldAt: 3 }], named)).toEqual([{ kind: 'held', callId: 'c1' }]);
    expect(callAnnouncements(memory, [], named)).toEqual([{ kind: 'ended', callId: 'c1' }]);
    expect(callAnnouncements(memory, [], named)).toEqual([]);
  });

  it('waits for the screen pop to name the caller before announcing the ring', () => {
    const memory = newAnnouncementMemory();
    const ringing = callInfo({ id: 'c2' });
    expect(callAnnouncements(memory, [ringing], () => undefined)).toEqual([]);
    expect(callAnnouncements(memory, [ringing], () => 'Carla Gómez')).toEqual([{ kind: 'incoming', callId: 'c2', caller: 'Carla Gómez' }]);
  });

  it('announces an ended call reported as ended, once', () => {
    const memory = newAnnouncementMemory();
    const call = callInfo({ id: 'c3', direction: 'outbound', state: 'dialing' });
    expect(callAnnouncements(memory, [call], named)).toEqual([]);
    expect(callAnnouncements(memory, [{ ...call, state: 'ended' }], named)).toEqual([{ kind: 'ended', callId: 'c3' }]);
    expect(callAnnouncements(memory, [], named)).toEqual([]);
  });
});
