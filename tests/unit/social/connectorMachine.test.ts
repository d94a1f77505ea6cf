import { describe, expect, it } from 'vitest';
import { CONNECTOR_TRANSITIONS, ConnectorMachine, IllegalConnectorTransitionError } from '../../../main/core/social/connector';
import { CONNECTOR_STATES } from '@tandem/contract';

describe('a connector’s state machine', () => {
  it('covers every contract state', () => {
    expect(Object.keys(CONNECTOR_TRANSITIONS).sort()).toEqual([...CONNECTOR_STATES].sort());
  });

  it('the brand’s account connects, drops, backs off, comes back and is stopped', () => {
    const machine = new ConnectorMachine();
    const heard: string[] = [];
    machine.onStateChange((to, from) => heard.push(`${from}→${to}`));
    for (const state of ['connecting', 'live', 'backoff', 'connecting', 'live', 'disconnected'] as const) machine.transition(state);
    expect(heard).toEqual(['disconnected→connecting', 'connecting→live', 'live→backoff', 'backoff→connecting', 'connecting→live', 'live→disconnected']);
  });

  it('a rejected password stays rejected until someone reconnects on purpose', () => {
    const machine = new ConnectorMachine('connecting');
    machine.transition('credentials-rejected');
    expect(() => machine.transition('backoff')).toThrow(IllegalConnectorTransitionError);
    expect(() => machine.transition('live')).toThrow(IllegalConnectorTransitionError);
    machine.transition('connecting');
    expect(machine.state).toBe('connecting');
  });

  it.each([
    ['disconnected', 'live'],
    ['disconnected', 'backoff'],
    ['disconnected', 'credentials-rejected'],
    ['backoff', 'live'],
    ['backoff', 'credentials-rejected'],
  ] as const)('refuses %s → %s', (from, to) => {
    const machine = new ConnectorMachine(from);
    expect(() => machine.transition(to)).toThrow(IllegalConnectorTransitionError);
    expect(machine.state).toBe(from);
  });
});
