import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../../main/core/stateMachine';
import { TeamConnectionMachine } from '../../../main/core/team/teamConnectionMachine';

describe('the team connection machine', () => {
  it('goes live only through a catch-up, and comes back through one after a drop', () => {
    const machine = new TeamConnectionMachine();
    const seen: string[] = [];
    machine.onStateChange((to) => seen.push(to));
    for (const state of ['connecting', 'catching-up', 'live', 'reconnecting', 'connecting', 'catching-up', 'live', 'offline'] as const)
      machine.transition(state);
    expect(seen).toEqual(['connecting', 'catching-up', 'live', 'reconnecting', 'connecting', 'catching-up', 'live', 'offline']);
  });

  it('refuses to claim live straight from a connection (NOTIFY is not replayed) or to skip the backoff', () => {
    const machine = new TeamConnectionMachine();
    machine.transition('connecting');
    expect(() => machine.transition('live')).toThrow(IllegalTransitionError);
    machine.transition('reconnecting');
    expect(() => machine.transition('catching-up')).toThrow(IllegalTransitionError);
    expect(machine.state).toBe('reconnecting');
  });
});
