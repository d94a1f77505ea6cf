import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../../main/core/stateMachine';
import { IngesterMachine } from '../../../main/core/team/ingesterMachine';

describe('the ingester machine', () => {
  it('a desk that finds the lock busy stands by, then leads once its retry wins, and lets go through releasing', () => {
    const machine = new IngesterMachine();
    const seen: string[] = [];
    machine.onStateChange((to) => seen.push(to));
    for (const state of ['acquiring', 'standby', 'acquiring', 'leading', 'releasing', 'stopped'] as const) machine.transition(state);
    expect(seen).toEqual(['acquiring', 'standby', 'acquiring', 'leading', 'releasing', 'stopped']);
  });

  it('a leader whose session was killed stands by: it tries again only through the retry timer', () => {
    const machine = new IngesterMachine();
    machine.transition('acquiring');
    machine.transition('leading');
    machine.transition('standby');
    expect(() => machine.transition('leading')).toThrow(IllegalTransitionError);
    expect(machine.state).toBe('standby');
    machine.transition('acquiring');
    expect(machine.state).toBe('acquiring');
  });

  it('nobody leads without asking for the lock, and a releasing desk does not come back to lead', () => {
    const machine = new IngesterMachine();
    expect(() => machine.transition('leading')).toThrow(IllegalTransitionError);
    machine.transition('acquiring');
    machine.transition('standby');
    expect(() => machine.transition('leading')).toThrow(IllegalTransitionError);
    machine.transition('acquiring');
    machine.transition('releasing');
    expect(() => machine.transition('acquiring')).toThrow(IllegalTransitionError);
    expect(() => machine.transition('leading')).toThrow(IllegalTransitionError);
    machine.transition('stopped');
    expect(machine.state).toBe('stopped');
  });

  it('a standby desk that quits has nothing to release', () => {
    const machine = new IngesterMachine();
    machine.transition('acquiring');
    machine.transition('standby');
    machine.transition('stopped');
    expect(machine.state).toBe('stopped');
  });
});
