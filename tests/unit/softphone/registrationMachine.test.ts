import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, REGISTRATION_TRANSITIONS, RegistrationMachine } from '../../../main/core/softphone/registration/registrationMachine';
import { REGISTRATION_STATES } from '@tandem/contract';

describe('the registration state machine', () => {
  it('covers every contract state', () => {
    expect(Object.keys(REGISTRATION_TRANSITIONS).sort()).toEqual([...REGISTRATION_STATES].sort());
  });

  it('Ana registers, loses the connection, backs off and registers again; every move is heard', () => {
    const machine = new RegistrationMachine('unregistered');
    const heard: string[] = [];
    machine.onStateChange((to, from) => heard.push(`${from}→${to}`));
    for (const state of [
      'connecting',
      'registering',
      'registered',
      'backoff',
      'connecting',
      'registering',
      'registered',
      'unregistering',
      'unregistered',
    ] as const) {
      machine.transition(state);
    }
    expect(heard).toEqual([
      'unregistered→connecting',
      'connecting→registering',
      'registering→registered',
      'registered→backoff',
      'backoff→connecting',
      'connecting→registering',
      'registering→registered',
      'registered→unregistering',
      'unregistering→unregistered',
    ]);
  });

  it.each([
    ['unregistered', 'registered'],
    ['connecting', 'registered'],
    ['credentials-rejected', 'backoff'],
    ['credentials-rejected', 'registering'],
    ['certificate-rejected', 'backoff'],
    ['registering', 'certificate-rejected'],
    ['backoff', 'registered'],
    ['unregistering', 'connecting'],
    ['unconfigured', 'connecting'],
  ] as const)('refuses %s → %s and stays put', (from, to) => {
    const machine = new RegistrationMachine(from);
    const heard: string[] = [];
    machine.onStateChange((next) => heard.push(next));
    expect(() => machine.transition(to)).toThrow(IllegalTransitionError);
    expect(machine.state).toBe(from);
    expect(heard).toEqual([]);
  });

  it('leaves credentials-rejected only towards connecting (an explicit register) or unregistered', () => {
    expect(REGISTRATION_TRANSITIONS['credentials-rejected']).toEqual(['connecting', 'unregistered', 'unconfigured']);
  });

  it('leaves certificate-rejected only towards connecting (an explicit register) or unregistered: no automatic retry', () => {
    expect(REGISTRATION_TRANSITIONS['certificate-rejected']).toEqual(['connecting', 'unregistered', 'unconfigured']);
  });

  it('stops telling a listener that unsubscribed', () => {
    const machine = new RegistrationMachine();
    const heard: string[] = [];
    const off = machine.onStateChange((to) => heard.push(to));
    machine.transition('connecting');
    off();
    machine.transition('registering');
    expect(heard).toEqual(['connecting']);
  });
});
