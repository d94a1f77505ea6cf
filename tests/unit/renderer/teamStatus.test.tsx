// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, type TeamStatus } from '@tandem/contract';
import type { Desk } from '../../../renderer/src/startDesk';
import { createFakeHost, type FakeHost } from './fakeHost';
import { closeDesk, renderDesk } from './deskFixture';

let desk: Desk | undefined;

function openDesk(host: FakeHost): void {
  desk = renderDesk(host, { onWindow: true });
}

/** A host whose main has a team database, reporting `status` when asked. */
const teamHost = (status: TeamStatus) => createFakeHost({ answers: { 'team:getStatus': () => ok(status) } });

afterEach(closeDesk);

describe('the header says how the desk is linked to its team', () => {
  it('a team desk shows "Team: Connected" in a status named Team', async () => {
    openDesk(teamHost({ state: 'connected', pending: 0 }));
    const team = await within(await screen.findByRole('banner')).findByRole('status', { name: 'Team' });
    expect(team).toHaveAccessibleName('Team');
    expect(team).toHaveTextContent('Team: Connected');
  });

  it('when the database goes away, the agent reads how many of their changes wait for it, and why', async () => {
    const host = teamHost({ state: 'connected', pending: 0 });
    openDesk(host);
    const team = await screen.findByRole('status', { name: 'Team' });
    act(() => host.emit('team:status', { state: 'offline', pending: 2, detail: 'team.detail.unreachable' }));
    expect(team).toHaveTextContent('Team: Offline · 2 changes waiting');
    expect(team).toHaveTextContent("The team database can't be reached. Tandem keeps trying.");
    act(() => host.emit('team:status', { state: 'offline', pending: 1 }));
    expect(team).toHaveTextContent(/^Team: Offline · 1 change waiting$/);
    act(() => host.emit('team:status', { state: 'offline', pending: 0 }));
    expect(team).toHaveTextContent(/^Team: Offline$/);
    act(() => host.emit('team:status', { state: 'connecting', pending: 0 }));
    expect(team).toHaveTextContent('Team: Connecting…');
  });

  it('writes the database refused for good are counted in the Team status, so the agent knows they were kept, not lost', async () => {
    const host = teamHost({ state: 'connected', pending: 0 });
    openDesk(host);
    const team = await screen.findByRole('status', { name: 'Team' });
    act(() => host.emit('team:status', { state: 'connected', pending: 0, refused: 2 }));
    expect(team).toHaveTextContent('Team: Connected');
    expect(team).toHaveTextContent('The team database refused 2 changes; they are kept on this desk');
    act(() => host.emit('team:status', { state: 'offline', pending: 1, refused: 1 }));
    expect(team).toHaveTextContent('The team database refused 1 change; it is kept on this desk');
    act(() => host.emit('team:status', { state: 'connected', pending: 0 }));
    expect(team).not.toHaveTextContent(/refused/);
  });

  it('a solo desk (no team database) shows no team status at all', async () => {
    openDesk(createFakeHost());
    await screen.findByText('Maya Lopez');
    // Main has answered: this desk is solo.
    await waitFor(() => expect(desk?.store.getState().team).toEqual({ state: 'solo', pending: 0 }));
    expect(screen.queryByRole('status', { name: 'Team' })).not.toBeInTheDocument();
    // The phone line's own status is still there.
    expect(screen.getByRole('status', { name: 'Connection' })).toBeInTheDocument();
  });

  it('in Spanish the status reads "Equipo"', async () => {
    openDesk(createFakeHost({ settings: { language: 'es' }, answers: { 'team:getStatus': () => ok({ state: 'offline', pending: 3 }) } }));
    const team = await screen.findByRole('status', { name: 'Equipo' });
    expect(team).toHaveTextContent('Equipo: Sin conexión · 3 cambios en espera');
  });
});

describe('an agent types her team database password in Accounts', () => {
  it('it goes to main only, and the form says it was saved', async () => {
    const host = createFakeHost({
      settings: { team: { roster: [], database: { url: 'postgresql://maya@db.example.com/tandem', hasPassword: false } } },
      answers: {
        'team:getStatus': () => ok({ state: 'offline', pending: 0, detail: 'team.detail.credentialsRejected' }),
        // As SettingsService answers: whether a password is stored, never the password.
        'settings:setTeamPassword': () =>
          ok({ ...host.settings(), team: { roster: [], database: { url: 'postgresql://maya@db.example.com/tandem', hasPassword: true } } }),
      },
    });
    openDesk(host);
    await screen.findByText('Maya Lopez');
    fireEvent.click(screen.getByRole('button', { name: 'Accounts' }));
    fireEvent.change(await screen.findByLabelText('Team database password'), { target: { value: 'n3w-team-pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save team password' }));

    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(host.requests.filter(({ channel }) => channel === 'settings:setTeamPassword')).toEqual([
      { channel: 'settings:setTeamPassword', payload: { password: 'n3w-team-pw' } },
    ]);
    expect(screen.getByLabelText('Team database password')).toHaveValue('');
  });

  it('a solo desk has no team password to type', async () => {
    openDesk(createFakeHost());
    await screen.findByText('Maya Lopez');
    fireEvent.click(screen.getByRole('button', { name: 'Accounts' }));
    await screen.findByRole('button', { name: 'Save phone account' });
    expect(screen.queryByLabelText('Team database password')).not.toBeInTheDocument();
  });
});
