import { ok, type PublicSettings } from '@tandem/contract';
import { describe, expect, it } from 'vitest';
import { createTandemStore } from '../../../renderer/src/store/store';
import { contextStore, deskSettings, REGION } from '../context/contextFakes';
import { createFakeHost, defaultSettings } from '../renderer/fakeHost';

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

  it('on a team desk, the database’s colleagues join the roster: "be" offers Ben, and Carlos, on both lists, comes once', async () => {
    const { store } = await deskWithDirectory();
    store.setState((state) => ({
      settings:
        state.settings === null
          ? null
          : { ...state.settings, team: { ...state.settings.team, database: { url: 'postgresql://ana@db.test/tandem', hasPassword: true } } },
    }));
    store.getState().teamDirectoryChanged({
      agents: [
        { name: 'Ben Okafor', uri: 'sip:1002@pbx.test' },
        { name: 'Carlos Mendes', uri: 'sip:1003@pbx.test' },
      ],
    });
    expect((await store.getState().dialCompletionsFor('be')).map(({ source, name, target }) => [source, name, target])).toEqual([
      ['team', 'Ben Okafor', 'sip:1002@pbx.test'],
    ]);
    expect((await store.getState().dialCompletionsFor('carlos')).map((completion) => completion.target)).toEqual(['sip:1003@pbx.test']);
  });

  it('a team desk reads the directory from main; a solo desk never asks', async () => {
    const host = createFakeHost({ answers: { 'team:getDirectory': () => ok({ agents: [{ name: 'Ben Okafor', uri: 'sip:1002@pbx.test' }] }) } });
    const solo = createTandemStore({ api: host.api });
    solo.setState({ settings: defaultSettings() });
    await solo.getState().loadTeamDirectory();
    expect(host.requests.some((request) => request.channel === 'team:getDirectory')).toBe(false);
    expect(solo.getState().teamDirectory).toEqual([]);

    const team = createTandemStore({ api: host.api });
    const settings = defaultSettings();
    team.setState({ settings: { ...settings, team: { ...settings.team, database: { url: 'postgresql://ana@db.test/tandem', hasPassword: true } } } });
    await team.getState().loadTeamDirectory();
    expect(team.getState().teamDirectory).toEqual([{ name: 'Ben Okafor', uri: 'sip:1002@pbx.test' }]);
  });
});
