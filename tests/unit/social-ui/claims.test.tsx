// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok, type ClaimOutcome, type PublicSettings } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import { RENEW_EVERY_MS } from '../../../renderer/src/social/claimSlice';
import type { Desk } from '../../../renderer/src/startDesk';
import { createTandemStore } from '../../../renderer/src/store/store';
import { defaultSettings } from '../renderer/fakeHost';
import { createSocialHost, socialItem, type SocialHost } from './socialFakes';
import { closeDesk, renderDesk } from '../renderer/deskFixture';

let desk: Desk | undefined;
let dbCounter = 0;

const TEAM = { roster: [], database: { url: 'postgresql://maya@db.example.com/tandem', hasPassword: true } };
const ANA = { id: 'ana', name: 'Ana Ruiz' };
const WON: ClaimOutcome = { ok: true, leaseUntil: Date.now() + 600_000 };

/** A team desk whose main answers claims from `claim` (and take-overs from `takeOver`); Maya's role is the agents table's. */
function teamHost(options: { claim?: () => ClaimOutcome; takeOver?: () => ClaimOutcome; role?: PublicSettings['agent']['role'] } = {}): SocialHost {
  return createSocialHost({
    settings: { team: TEAM, agent: { name: 'Maya Lopez', role: 'agent' } },
    answers: {
      'team:getStatus': () => ok({ state: 'connected', pending: 0 }),
      'team:getQueue': () => ok({ self: { id: 'maya', name: 'Maya Lopez', role: options.role ?? 'agent' }, conversations: [], viewing: [] }),
      'team:setViewing': () => ok(null),
      'team:claim': () => ok(options.claim?.() ?? WON),
      'team:takeOver': () => ok(options.takeOver?.() ?? WON),
      'team:release': () => ok(null),
    },
  });
}

afterEach(closeDesk);

const inbox = () => screen.getByRole('region', { name: 'Inbox' });
const asked = (host: SocialHost, channel: 'team:claim' | 'team:release' | 'team:takeOver') => host.requests.filter((r) => r.channel === channel);

/** Opens the desk on its own IndexedDB, delivers Carla's complaint and opens it; returns the Reply box. */
async function openComplaint(host: SocialHost): Promise<HTMLElement> {
  desk = renderDesk(host, { db: openTandemDb(`tandem-claims-${++dbCounter}`), media: null, notifications: null });
  await screen.findByText('Maya Lopez');
  // Team mode is read from the settings: wait for them, as an agent's first keystroke comes long after.
  await waitFor(() => expect(desk?.store.getState().settings).not.toBeNull());
  act(() => void host.deliver(socialItem({ text: '@acme.test my order arrived broken' })));
  fireEvent.click(await within(inbox()).findByRole('button', { name: /@carla\.test/ }));
  return screen.findByRole('textbox', { name: 'Reply' });
}

describe('claims in the composer (team desk)', () => {
  it('the first keystroke claims the conversation, once per open composer; sending gives it back', async () => {
    const host = teamHost();
    const reply = await openComplaint(host);
    expect(asked(host, 'team:claim')).toHaveLength(0);

    fireEvent.change(reply, { target: { value: 'G' } });
    fireEvent.change(reply, { target: { value: 'Go' } });
    fireEvent.change(reply, { target: { value: 'Go to Settings.\n— Maya L.' } });
    expect(await screen.findByText('You are handling this conversation')).toBeInTheDocument();
    expect(asked(host, 'team:claim').map((r) => r.payload)).toEqual([{ conversationId: host.journal[0]?.conversationId }]);

    fireEvent.click(screen.getByRole('button', { name: 'Send publicly' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(asked(host, 'team:release')).toHaveLength(1));
    expect(await screen.findByRole('button', { name: 'Take conversation' })).toBeInTheDocument();
  });

  it('losing the race: "Handled by Ana Ruiz" in the inbox and the conversation, and Send is disabled', async () => {
    const host = teamHost({ claim: () => ({ ok: false, heldBy: ANA }) });
    const reply = await openComplaint(host);
    fireEvent.change(reply, { target: { value: 'Sorry to hear that' } });

    const row = within(inbox()).getByRole('listitem');
    expect(await within(row).findByText('Handled by Ana Ruiz')).toBeInTheDocument();
    const conversation = screen.getByRole('region', { name: /Conversation/ });
    expect(within(conversation).getByText('Handled by Ana Ruiz')).toBeInTheDocument();
    expect(screen.getByText('Ana Ruiz is handling this conversation')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send publicly' })).toBeDisabled();
    // A lost race is not asked again on every keystroke.
    fireEvent.change(reply, { target: { value: 'Sorry to hear that!' } });
    expect(asked(host, 'team:claim')).toHaveLength(1);
    expect(host.requests.filter((r) => r.channel === 'social:reply')).toHaveLength(0);
  });

  it('Send pressed while the first claim is still out waits for it, and a lost race sends nothing', async () => {
    let answer: (outcome: ClaimOutcome) => void = () => undefined;
    const host = createSocialHost({
      settings: { team: TEAM },
      answers: { 'team:claim': () => new Promise((resolve) => (answer = (outcome) => resolve(ok(outcome)))) },
    });
    const reply = await openComplaint(host);
    fireEvent.change(reply, { target: { value: 'Go to Settings.\n— Maya L.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send publicly' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(asked(host, 'team:claim')).toHaveLength(1));

    act(() => answer({ ok: false, heldBy: ANA }));
    expect(await screen.findByText('Ana Ruiz is handling this conversation')).toBeInTheDocument();
    expect(host.requests.filter((r) => r.channel === 'social:reply')).toHaveLength(0);
    // The keystroke's claim was the only one asked: the send waited for it.
    expect(asked(host, 'team:claim')).toHaveLength(1);
  });

  it('Ana won the race, answered and let go: Maya’s Send on the draft she wrote meanwhile posts nothing until she takes the conversation', async () => {
    let claims = 0;
    const host = teamHost({ claim: () => (++claims === 1 ? { ok: false, heldBy: ANA } : WON) });
    const reply = await openComplaint(host);
    fireEvent.change(reply, { target: { value: 'Sorry to hear that.\n— Maya L.' } });
    await screen.findByText('Ana Ruiz is handling this conversation');

    // Step: Ana's reply is out and her desk gives the conversation back; Maya's composer opens again.
    const conversationId = host.journal[0]?.conversationId ?? '';
    act(() => host.emit('team:conversation', { conversationId, status: 'open', handler: null, leaseUntil: null }));
    await waitFor(() => expect(screen.queryByText('Ana Ruiz is handling this conversation')).not.toBeInTheDocument());

    // Step: Maya presses Send: nothing is claimed behind her back, nothing is posted, and she is told why.
    fireEvent.click(screen.getByRole('button', { name: 'Send publicly' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText('Another agent is handling this conversation, so your reply was not sent.')).toBeInTheDocument();
    expect(asked(host, 'team:claim')).toHaveLength(1);
    expect(host.requests.filter((r) => r.channel === 'social:reply')).toHaveLength(0);

    // Step: having read the conversation, she takes it, and then her reply goes.
    fireEvent.click(screen.getByRole('button', { name: 'Take conversation' }));
    expect(await screen.findByText('You are handling this conversation')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Send publicly' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(host.requests.filter((r) => r.channel === 'social:reply')).toHaveLength(1));
  });

  it('a supervisor (so says the agents table) takes the conversation over from Ana after confirming', async () => {
    const host = teamHost({ claim: () => ({ ok: false, heldBy: ANA }), role: 'supervisor' });
    const reply = await openComplaint(host);
    await waitFor(() => expect(desk?.store.getState().teamSelf?.role).toBe('supervisor'));
    fireEvent.change(reply, { target: { value: 'S' } });
    await screen.findByText('Ana Ruiz is handling this conversation');

    fireEvent.click(screen.getByRole('button', { name: 'Take conversation' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Take this conversation?' });
    expect(confirm).toHaveTextContent('Ana Ruiz is handling this conversation. Taking it over stops their reply.');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(asked(host, 'team:takeOver')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Take conversation' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Take over' }));
    expect(await screen.findByText('You are handling this conversation')).toBeInTheDocument();
    expect(asked(host, 'team:takeOver')).toHaveLength(1);
    expect(screen.queryByText('Handled by Ana Ruiz')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send publicly' })).toBeEnabled();
  });

  it('"Take conversation" claims a free conversation at once, and "Release" gives it back', async () => {
    const host = teamHost();
    await openComplaint(host);
    fireEvent.click(await screen.findByRole('button', { name: 'Take conversation' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    // The Release button shows as soon as the claim is ours, and is enabled once the take has finished.
    const release = await screen.findByRole('button', { name: 'Release' });
    await waitFor(() => expect(release).toBeEnabled());
    fireEvent.click(release);
    expect(await screen.findByRole('button', { name: 'Take conversation' })).toBeInTheDocument();
    expect(asked(host, 'team:claim')).toHaveLength(1);
    expect(asked(host, 'team:release')).toHaveLength(1);
  });

  it('closing the conversation releases the claim', async () => {
    const host = teamHost();
    const reply = await openComplaint(host);
    fireEvent.change(reply, { target: { value: 'H' } });
    await screen.findByText('You are handling this conversation');
    fireEvent.click(screen.getByRole('button', { name: 'Close conversation' }));
    await waitFor(() => expect(asked(host, 'team:release')).toHaveLength(1));
  });

  it('a claim that cannot reach the database: the composer says claims need it, and Send sends nothing', async () => {
    const host = createSocialHost({
      settings: { team: TEAM },
      answers: { 'team:claim': () => fail('unavailable', 'team.errors.offline') },
    });
    const reply = await openComplaint(host);
    fireEvent.change(reply, { target: { value: 'Go to Settings.\n— Maya L.' } });
    expect(await screen.findAllByText(/Claims need the team database/)).not.toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Send publicly' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(asked(host, 'team:claim')).toHaveLength(2));
    expect(host.requests.filter((r) => r.channel === 'social:reply')).toHaveLength(0);
  });

  it('a team desk whose database is offline: Send is disabled and the composer says why, before any keystroke', async () => {
    const host = createSocialHost({ settings: { team: TEAM }, answers: { 'team:getStatus': () => ok({ state: 'offline', pending: 0 }) } });
    await openComplaint(host);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send publicly' })).toBeDisabled());
    expect(screen.getByText(/Claims need the team database/)).toBeInTheDocument();
  });
});

describe('a solo desk', () => {
  it('shows no claim buttons and its composer asks main for no claim', async () => {
    const host = createSocialHost();
    const reply = await openComplaint(host);
    fireEvent.change(reply, { target: { value: 'Go to Settings.\n— Maya L.' } });
    expect(screen.queryByRole('button', { name: 'Take conversation' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Release' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send publicly' })).toBeEnabled();
    fireEvent.click(screen.getByRole('button', { name: 'Close conversation' }));
    expect(host.requests.filter((r) => r.channel.startsWith('team:') && r.channel !== 'team:getStatus')).toEqual([]);
  });
});

describe('renewing while typing', () => {
  it('asks again at most every 60 s, and only while the claim is ours', async () => {
    let now = 1_000_000;
    const host = teamHost();
    const store = createTandemStore({ api: host.api, now: () => now });
    store.setState({ settings: { ...defaultSettings(), team: TEAM } });
    const claims = () => asked(host, 'team:claim').length;

    store.getState().composerTyped('c1');
    await waitFor(() => expect(store.getState().claims.c1?.state).toBe('mine'));
    now += RENEW_EVERY_MS - 1;
    store.getState().composerTyped('c1');
    expect(claims()).toBe(1);
    now += 1;
    store.getState().composerTyped('c1');
    expect(claims()).toBe(2);
    store.getState().composerTyped('c1');
    expect(claims()).toBe(2);
  });
});
