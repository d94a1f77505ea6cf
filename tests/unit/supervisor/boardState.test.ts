import { describe, expect, it } from 'vitest';
import type { BoardRow } from '../../../main/core/team/agentStates';
import { boardAgent } from '../../../main/core/supervisor/boardState';
import type { MemberDialogs } from '../../../main/core/supervisor/dialogWatcher';

const NOW = 10_000_000;
const row = (overrides: Partial<BoardRow> = {}): BoardRow => ({
  agent_id: 'ana',
  name: 'Ana Ruiz',
  role: 'agent',
  sip_uri: 'sip:ana@127.0.0.1',
  state: 'available',
  since: new Date(NOW - 60_000),
  alive: true,
  on_social: false,
  server_now: new Date(NOW),
  ...overrides,
});
const watched = (dialogs: MemberDialogs['dialogs'], watch: MemberDialogs['watch'] = 'active'): MemberDialogs => ({ uri: 'sip:ana@127.0.0.1', watch, dialogs });
const dialog = (state: 'early' | 'confirmed', since: number) => ({
  id: 'd1',
  callId: 'c1',
  direction: 'recipient' as const,
  state,
  remote: { uri: 'sip:+34600111222@127.0.0.1', display: 'Carla' },
  since,
});

describe("an agent's line on the supervisor's board", () => {
  it('an available agent shows their chosen state since the database stamped it', () => {
    expect(boardAgent(row(), watched([]), NOW)).toMatchObject({ state: 'available', since: NOW - 60_000, callsUnknown: false });
  });

  it("the database's clock is moved onto the supervisor's: a database two minutes ahead does not make a state start in the future", () => {
    const ahead = row({ since: new Date(NOW + 120_000 - 30_000), server_now: new Date(NOW + 120_000) });
    expect(boardAgent(ahead, watched([]), NOW).since).toBe(NOW - 30_000);
  });

  it('a confirmed dialog from the SIP server is "on a call" with the other party and the call’s start, whatever the agent chose', () => {
    const agent = boardAgent(row({ state: 'break' }), watched([dialog('confirmed', NOW - 5000)]), NOW);
    expect(agent).toMatchObject({
      state: 'on-call',
      since: NOW - 5000,
      call: { party: 'sip:+34600111222@127.0.0.1', partyName: 'Carla', direction: 'inbound' },
    });
  });

  it('an early dialog is ringing; a call beats ringing when both exist', () => {
    expect(boardAgent(row(), watched([dialog('early', NOW - 2000)]), NOW).state).toBe('ringing');
    expect(boardAgent(row(), watched([dialog('early', NOW), { ...dialog('confirmed', NOW), id: 'd2' }]), NOW).state).toBe('on-call');
  });

  it('a desk whose lease lapsed, or that never signed in, is offline; a live claim on a conversation is "on social"', () => {
    expect(boardAgent(row({ alive: false }), watched([]), NOW).state).toBe('offline');
    expect(boardAgent(row({ state: null, since: null }), watched([]), NOW).state).toBe('offline');
    expect(boardAgent(row({ on_social: true }), watched([]), NOW).state).toBe('on-social');
  });

  it('while the subscription is not active the calls are unknown, and stale dialogs are not shown', () => {
    const agent = boardAgent(row(), watched([dialog('confirmed', NOW)], 'retrying'), NOW);
    expect(agent).toMatchObject({ state: 'available', callsUnknown: true });
    expect(boardAgent(row({ sip_uri: null }), undefined, NOW).callsUnknown).toBe(false);
  });
});
