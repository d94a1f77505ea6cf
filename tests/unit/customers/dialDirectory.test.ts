import type { PublicSettings } from '@tandem/contract';
import { describe, expect, it } from 'vitest';
import { contextStore, deskSettings, REGION } from '../context/contextFakes';

/** A desk whose profile lists Carlos on the team, with one recent call from a caller named Carl. */
async function deskWithDirectory() {
  const world = contextStore();
  const settings = deskSettings();
  world.store.setState({
    settings: { ...settings, team: { roster: [{ name: 'Carlos Mendes', uri: 'sip:1003@pbx.test' }] } } as PublicSettings,
    recentCalls: [
      {
        id: 'c1',
        direction: 'inbound',
        remoteUri: 'sip:+13055550111@pbx.test',
        remoteNumber: '+13055550111',
        remoteDisplayName: 'Carl Jones',
        startedAt: 1,
        answeredAt: 2,
        endedAt: 3,
        outcome: 'answered',
      },
    ],
  });
  await world.repo.createCustomer({ name: 'Carla Gómez', identities: [{ kind: 'phone', value: '(212) 555-0123' }] }, REGION);
  await world.repo.createCustomer({ name: 'Dana Ruiz', identities: [{ kind: 'sip', value: 'sip:dana@clients.test' }] }, REGION);
  return world;
}

describe('where the dial box’s completions come from', () => {
  it('offers the teammate, the recent caller and the customer with her number for "car", teammate first', async () => {
    const { store } = await deskWithDirectory();
    const completions = await store.getState().dialCompletionsFor('car');
    expect(completions.map(({ source, name, target }) => [source, name, target])).toEqual([
      ['team', 'Carlos Mendes', 'sip:1003@pbx.test'],
      ['recent', 'Carl Jones', '+13055550111'],
      ['customer', 'Carla Gómez', '+12125550123'],
    ]);
  });

  it('finds a customer by the start of her number, and one by his SIP address, through the indexed search', async () => {
    const { store } = await deskWithDirectory();
    expect((await store.getState().dialCompletionsFor('212 555')).map((completion) => completion.name)).toEqual(['Carla Gómez']);
    expect((await store.getState().dialCompletionsFor('dan')).map((completion) => completion.target)).toEqual(['sip:dana@clients.test']);
  });

  it('offers nothing for an empty box', async () => {
    const { store } = await deskWithDirectory();
    expect(await store.getState().dialCompletionsFor(' ')).toEqual([]);
  });
});
