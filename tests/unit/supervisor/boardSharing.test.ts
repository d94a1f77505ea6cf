import { describe, expect, it } from 'vitest';
import type { BoardAgent, SupervisorBoard } from '@tandem/contract';
import { shareBoard } from '../../../renderer/src/supervisor/boardSharing';
import { step } from '../../integration/support/step';

// Issue 16's bench: main pushes the whole board at every change; the page keeps what did not change.

const agent = (index: number, extra: Partial<BoardAgent> = {}): BoardAgent => ({
  id: `agent-${index}`,
  name: `Agent ${index}`,
  state: 'available',
  since: 1_000 + index,
  callsUnknown: false,
  ...extra,
});

/** The board as it arrives from main: fresh objects every time, as JSON makes them. */
const wire = (board: SupervisorBoard): SupervisorBoard => JSON.parse(JSON.stringify(board)) as SupervisorBoard;

describe('a pushed board keeps the agents that did not change', () => {
  it('Ana goes on a call: only her object is new; an identical push changes nothing at all', async () => {
    const first = shareBoard(null, wire({ agents: [agent(0), agent(1), agent(2)], sip: 'connected' }));

    await step('the same board pushed again is the board the page already holds', () => {
      expect(shareBoard(first, wire(first))).toBe(first);
    });

    await step('agent 1 goes on a call: agents 0 and 2 are the same objects, agent 1 a new one', () => {
      const call = { party: 'sip:+12125550123@127.0.0.1', direction: 'inbound' as const, since: 5_000 };
      const next = shareBoard(first, wire({ agents: [agent(0), agent(1, { state: 'on-call', since: 5_000, call }), agent(2)], sip: 'connected' }));
      expect(next).not.toBe(first);
      expect(next.agents[0]).toBe(first.agents[0]);
      expect(next.agents[1]).not.toBe(first.agents[1]);
      expect(next.agents[1]?.call).toEqual(call);
      expect(next.agents[2]).toBe(first.agents[2]);
    });

    await step('only the SIP link changed: a new board around the very same agents array', () => {
      const next = shareBoard(first, wire({ ...first, sip: 'reconnecting' }));
      expect(next.sip).toBe('reconnecting');
      expect(next.agents).toBe(first.agents);
    });
  });

  it('the database lists the team in another order, or with a newcomer: kept agents are found by id', async () => {
    const first = shareBoard(null, wire({ agents: [agent(0), agent(1)], sip: 'connected' }));
    const next = shareBoard(first, wire({ agents: [agent(9), agent(1), agent(0)], sip: 'connected' }));
    await step('the newcomer is new; the two who moved are the same objects', () => {
      expect(next.agents.map((entry) => entry.id)).toEqual(['agent-9', 'agent-1', 'agent-0']);
      expect(next.agents[1]).toBe(first.agents[1]);
      expect(next.agents[2]).toBe(first.agents[0]);
    });
  });

  it('a key the wire dropped (undefined) is the same as no key; a changed nested field is a change', async () => {
    const call = { party: 'sip:ben@127.0.0.1', direction: 'outbound' as const, since: 7 };
    const first = shareBoard(null, { agents: [{ ...agent(0), call: undefined }, agent(1, { state: 'on-call', call })], sip: 'connected' });
    const next = shareBoard(first, wire({ agents: [agent(0), agent(1, { state: 'on-call', call: { ...call, since: 8 } })], sip: 'connected' }));
    await step('agent 0 is kept; agent 1, whose call restarted, is new', () => {
      expect(next.agents[0]).toBe(first.agents[0]);
      expect(next.agents[1]).not.toBe(first.agents[1]);
    });
  });
});
