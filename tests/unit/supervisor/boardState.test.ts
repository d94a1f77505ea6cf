import { describe, expect, it } from 'vitest';
import type { BoardRow } from '../../../main/core/team/agentStates';
import { boardAgent, rowDeadline } from '../../../main/core/supervisor/boardState';
import type { MemberDialogs } from '../../../main/core/supervisor/dialogWatcher';

const NOW = 10_000_000;
const row = (overrides: Partial<BoardRow> = {}): BoardRow => ({
  agent_id: 'ana',
  name: 'Ana Ruiz',
  role: 'agent',
  sip_uri: 'sip:ana@127.0.0.1',
  state: 'available',
  since: new Date(NOW - 60_000),
  alive_until: new Date(NOW + 30_000),
  social_since: null,
  social_until: null,
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
    const ahead = row({ since: new Date(NOW + 120_000 - 30_000), alive_until: new Date(NOW + 150_000), server_now: new Date(NOW + 120_000) });
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

  it('a desk whose lease lapsed is offline since the lease ran out; one that signed out or never signed in is offline', () => {
    expect(boardAgent(row({ alive_until: new Date(NOW - 4000) }), watched([]), NOW)).toMatchObject({ state: 'offline', since: NOW - 4000 });
    expect(boardAgent(row({ alive_until: null }), watched([]), NOW).state).toBe('offline');
    expect(boardAgent(row({ state: 'offline', alive_until: null }), watched([]), NOW).state).toBe('offline');
    expect(boardAgent(row({ state: null, since: null, alive_until: null }), watched([]), NOW).state).toBe('offline');
  });

  it('a live claim or an open conversation is "on social" since the database stamped its start; a lapsed one is not', () => {
    const social = { social_since: new Date(NOW - 90_000), social_until: new Date(NOW + 60_000) };
    expect(boardAgent(row(social), watched([]), NOW)).toMatchObject({ state: 'on-social', since: NOW - 90_000 });
    expect(boardAgent(row({ ...social, social_until: new Date(NOW - 1) }), watched([]), NOW).state).toBe('available');
  });

  it('the row says when it will read differently without a change in the database: the earliest lease or claim still running', () => {
    expect(rowDeadline(row())).toBe(NOW + 30_000);
    expect(rowDeadline(row({ social_since: new Date(NOW), social_until: new Date(NOW + 10_000) }))).toBe(NOW + 10_000);
    expect(rowDeadline(row({ alive_until: new Date(NOW - 1) }))).toBeUndefined();
  });

  it('while the subscription is not active the calls are unknown, and stale dialogs are not shown', () => {
    const agent = boardAgent(row(), watched([dialog('confirmed', NOW)], 'retrying'), NOW);
    expect(agent).toMatchObject({ state: 'available', callsUnknown: true });
    expect(boardAgent(row({ sip_uri: null }), undefined, NOW).callsUnknown).toBe(false);
  });
});
