// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, type StatusOutcome, type TeamConversation, type TeamQueueSnapshot, type TeamViewing } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import type { Desk } from '../../../renderer/src/startDesk';
import { step } from '../../integration/support/step';
import { createSocialHost, socialItem, type SocialHost } from './socialFakes';
import { closeDesk, renderDesk } from '../renderer/deskFixture';

/**
 * The team's queue on Maya's desk: what other desks do to a conversation
 * (claims, statuses, viewing) reaches her inbox, her conversation view and
 * her composer without her asking, and survives a reload.
 */

let desk: Desk | undefined;
let dbCounter = 0;

const TEAM = { roster: [], database: { url: 'postgresql://maya@db.example.com/tandem', hasPassword: true } };
const MAYA = { id: 'maya', name: 'Maya Lopez', role: 'agent' } as const;
const ANA = { id: 'ana', name: 'Ana Ruiz' };
const COMPLAINT = 'at://did:plc:customer/app.bsky.feed.post/complaint';

function teamHost(options: { queue?: () => TeamQueueSnapshot; setStatus?: () => StatusOutcome } = {}): SocialHost {
  return createSocialHost({
    settings: { team: TEAM, agent: { name: 'Maya Lopez', role: 'agent' } },
    answers: {
      'team:getStatus': () => ok({ state: 'connected', pending: 0 }),
      'team:getQueue': () => ok(options.queue?.() ?? { self: MAYA, conversations: [], viewing: [] }),
      'team:setViewing': () => ok(null),
      'team:setStatus': () => ok(options.setStatus?.() ?? { ok: false, heldBy: null }),
      'team:claim': () => ok({ ok: true, leaseUntil: Date.now() + 600_000 }),
      'team:release': () => ok(null),
    },
  });
}

const anaHolds = (patch: Partial<TeamConversation> = {}): TeamConversation => ({
  conversationId: COMPLAINT,
  status: 'open',
  handler: ANA,
  leaseUntil: Date.now() + 600_000,
  ...patch,
});

afterEach(closeDesk);

const inbox = () => screen.getByRole('region', { name: 'Inbox' });
const conversationView = () => screen.getByRole('region', { name: /Conversation/ });
const requested = (host: SocialHost, channel: string) => host.requests.filter((r) => r.channel === channel);

/** Maya's desk with Carla's complaint delivered; `open` also opens it. */
async function startWithComplaint(host: SocialHost, open = true): Promise<void> {
  desk = renderDesk(host, { db: openTandemDb(`tandem-team-queue-${++dbCounter}`), media: null, notifications: null });
  await screen.findByText('Maya Lopez');
  await waitFor(() => expect(desk?.store.getState().teamSelf).toEqual(MAYA));
  act(() => void host.deliver(socialItem({ uri: COMPLAINT, conversationId: COMPLAINT, text: '@acme.test my order arrived broken' })));
  const row = await within(inbox()).findByRole('button', { name: /@carla\.test/ });
  if (open) fireEvent.click(row);
}

describe("another desk's claim", () => {
  it('Ana claims on her desk: Maya reads "Handled by Ana Ruiz" and her composer cannot send, without typing anything', async () => {
    const host = teamHost();
    await startWithComplaint(host);
    await screen.findByRole('textbox', { name: 'Reply' });

    act(() => host.emit('team:conversation', anaHolds()));

    expect(await within(within(inbox()).getByRole('listitem')).findByText('Handled by Ana Ruiz')).toBeInTheDocument();
    expect(within(conversationView()).getByText('Handled by Ana Ruiz')).toBeInTheDocument();
    expect(screen.getByText('Ana Ruiz is handling this conversation')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send publicly' })).toBeDisabled();
    expect(requested(host, 'team:claim')).toHaveLength(0);
  });

  it('Maya, an agent, is not offered a take-over of a live claim: the button is disabled and says why', async () => {
    const host = teamHost();
    await startWithComplaint(host);
    act(() => host.emit('team:conversation', anaHolds()));

    const take = await screen.findByRole('button', { name: 'Take conversation' });
    await waitFor(() => expect(take).toBeDisabled());
    expect(take).toHaveAccessibleDescription("Only a supervisor can take over while Ana Ruiz's claim is live.");
    fireEvent.click(take);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(requested(host, 'team:takeOver')).toHaveLength(0);
  });

  it('Ana releases it: the notice goes and Maya may take it', async () => {
    const host = teamHost();
    await startWithComplaint(host);
    act(() => host.emit('team:conversation', anaHolds()));
    await within(conversationView()).findByText('Handled by Ana Ruiz');

    act(() => host.emit('team:conversation', anaHolds({ handler: null, leaseUntil: null })));
    await waitFor(() => expect(screen.queryByText('Handled by Ana Ruiz')).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Take conversation' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Send publicly' })).toBeEnabled();
  });

  it("a lease nobody renews lapses on Maya's screen too, with no change from the database", async () => {
    const host = teamHost();
    await startWithComplaint(host);
    act(() => host.emit('team:conversation', anaHolds({ leaseUntil: Date.now() + 1_500 })));
    await within(conversationView()).findByText('Handled by Ana Ruiz');

    await waitFor(() => expect(screen.queryByText('Handled by Ana Ruiz')).not.toBeInTheDocument(), { timeout: 5_000 });
    expect(screen.getByRole('button', { name: 'Send publicly' })).toBeEnabled();
  });

  it("after a reload, the window reads who handles what: Ana's claim shows before any event", async () => {
    const host = teamHost({ queue: () => ({ self: MAYA, conversations: [anaHolds()], viewing: [] }) });
    await startWithComplaint(host, false);
    expect(await within(within(inbox()).getByRole('listitem')).findByText('Handled by Ana Ruiz')).toBeInTheDocument();
    expect(requested(host, 'team:getQueue').length).toBeGreaterThan(0);
  });

  it('when the team database comes back, the window reads the queue again', async () => {
    let queue: TeamQueueSnapshot = { self: MAYA, conversations: [], viewing: [] };
    const host = teamHost({ queue: () => queue });
    await startWithComplaint(host);
    const reads = requested(host, 'team:getQueue').length;
    queue = { self: MAYA, conversations: [anaHolds()], viewing: [] };

    act(() => host.emit('team:status', { state: 'connected', pending: 0 }));
    expect(await within(conversationView()).findByText('Handled by Ana Ruiz')).toBeInTheDocument();
    expect(requested(host, 'team:getQueue').length).toBe(reads + 1);
  });
});

describe('"NAME is viewing"', () => {
  const anaViews = (patch: Partial<TeamViewing> = {}): TeamViewing => ({ viewer: ANA, conversationId: COMPLAINT, until: Date.now() + 90_000, ...patch });

  it('Maya opening the complaint tells the team, and closing it takes that back', async () => {
    const host = teamHost();
    await startWithComplaint(host);
    await waitFor(() => expect(requested(host, 'team:setViewing').map((r) => r.payload)).toEqual([{ conversationId: COMPLAINT }]));
    fireEvent.click(screen.getByRole('button', { name: 'Close conversation' }));
    await waitFor(() => expect(requested(host, 'team:setViewing').at(-1)?.payload).toEqual({ conversationId: null }));
  });

  it('Ana opens the same complaint: Maya reads "Ana Ruiz is viewing" until Ana closes it', async () => {
    const host = teamHost();
    await startWithComplaint(host);
    act(() => host.emit('team:viewing', anaViews()));
    expect(await within(conversationView()).findByText('Ana Ruiz is viewing')).toBeInTheDocument();

    act(() => host.emit('team:viewing', anaViews({ conversationId: null, until: null })));
    await waitFor(() => expect(screen.queryByText('Ana Ruiz is viewing')).not.toBeInTheDocument());
  });

  it("Ana's row that her desk stopped renewing is not shown once its time has passed", async () => {
    const host = teamHost();
    await startWithComplaint(host);
    act(() => host.emit('team:viewing', anaViews({ until: Date.now() + 1_500 })));
    await within(conversationView()).findByText('Ana Ruiz is viewing');
    await waitFor(() => expect(screen.queryByText('Ana Ruiz is viewing')).not.toBeInTheDocument(), { timeout: 5_000 });
  });

  it('a viewer of another conversation is not shown', async () => {
    const host = teamHost({ queue: () => ({ self: MAYA, conversations: [], viewing: [anaViews({ conversationId: 'at://elsewhere/app.bsky.feed.post/1' })] }) });
    await startWithComplaint(host);
    await screen.findByRole('textbox', { name: 'Reply' });
    expect(screen.queryByText('Ana Ruiz is viewing')).not.toBeInTheDocument();
  });
});

describe('team-wide status', () => {
  // The status is set in the open conversation (issue 12: the rows no longer carry a dropdown).
  const statusOf = () => within(screen.getByRole('region', { name: /^Conversation/ })).getByRole('combobox', { name: 'Status' });

  it("Ana closes the conversation on her desk: it reads Closed on Maya's", async () => {
    const host = teamHost();
    await startWithComplaint(host);
    act(() => host.emit('team:conversation', anaHolds({ status: 'closed', handler: null, leaseUntil: null })));
    await waitFor(() => expect(statusOf()).toHaveValue('closed'));
    // Active conversations only, by default: show all to see the closed one, whose row says so.
    fireEvent.change(screen.getByRole('combobox', { name: 'Show' }), { target: { value: 'all' } });
    expect(await within(within(inbox()).getByRole('listitem')).findByText('Closed')).toBeInTheDocument();
  });

  it('Maya sets a status: it goes to the team database, and a refusal says who handles it', async () => {
    const host = teamHost({ setStatus: () => ({ ok: false, heldBy: ANA }) });
    await startWithComplaint(host);
    fireEvent.change(statusOf(), { target: { value: 'waiting' } });
    await waitFor(() => expect(requested(host, 'team:setStatus').map((r) => r.payload)).toEqual([{ conversationId: COMPLAINT, status: 'waiting' }]));
    expect(await screen.findByText(/only they or a supervisor can change its status/)).toBeInTheDocument();
    expect(within(within(inbox()).getByRole('listitem')).getByText('Handled by Ana Ruiz')).toBeInTheDocument();
    expect(statusOf()).toHaveValue('new');
  });

  it("accepted by the database, the status shows on Maya's desk", async () => {
    const host = teamHost({ setStatus: () => ({ ok: true, conversation: { conversationId: COMPLAINT, status: 'waiting', handler: null, leaseUntil: null } }) });
    await startWithComplaint(host);
    fireEvent.change(statusOf(), { target: { value: 'waiting' } });
    await waitFor(() => expect(statusOf()).toHaveValue('waiting'));
  });
});

describe('bulk assign to a teammate', () => {
  const SAM = { id: 'sam', name: 'Sam Lead', role: 'supervisor' } as const;
  const TEAMMATES = { agents: [ANA, { id: 'ben', name: 'Ben Okafor' }, { id: 'sam', name: 'Sam Lead' }] };

  /** A desk whose login the database calls `self`; `refuse` lists what `team:assign` leaves where it was. */
  function assignHost(self: TeamQueueSnapshot['self'], refuse: readonly string[] = []): SocialHost {
    return createSocialHost({
      settings: { team: TEAM, agent: { name: self?.name ?? 'Maya Lopez', role: 'agent' } },
      answers: {
        'team:getStatus': () => ok({ state: 'connected', pending: 0 }),
        'team:getQueue': () => ok({ self, conversations: [], viewing: [] }),
        'team:setViewing': () => ok(null),
        'team:agents': () => ok(TEAMMATES),
        'team:assign': (request) => {
          const { conversationIds } = request as { conversationIds: string[] };
          return ok({ assigned: conversationIds.filter((id) => !refuse.includes(id)), refused: conversationIds.filter((id) => refuse.includes(id)) });
        },
      },
    });
  }

  async function tickComplaint(host: SocialHost, self: TeamQueueSnapshot['self']): Promise<HTMLElement> {
    desk = renderDesk(host, { db: openTandemDb(`tandem-team-assign-${++dbCounter}`), media: null, notifications: null });
    await waitFor(() => expect(desk?.store.getState().teamSelf).toEqual(self));
    act(() => void host.deliver(socialItem({ uri: COMPLAINT, conversationId: COMPLAINT, text: '@acme.test my order arrived broken' })));
    fireEvent.click(await within(inbox()).findByRole('checkbox', { name: /@carla\.test/ }));
    return within(inbox()).findByRole('group', { name: 'Selected conversations' });
  }

  it('Sam, a supervisor, assigns the ticked complaint to Ben from the list of teammates', async () => {
    const host = assignHost(SAM);
    const bulk = await tickComplaint(host, SAM);
    await step('the bar offers "Assign selected to…" beside "Assign selected to me"', async () => {
      expect(within(bulk).getByRole('button', { name: 'Assign selected to me' })).toBeInTheDocument();
      await waitFor(() => expect(within(bulk).getByRole('button', { name: 'Assign selected to…' })).toBeEnabled());
    });
    await step('it opens the team’s agents; Ben is picked', () => {
      fireEvent.click(within(bulk).getByRole('button', { name: 'Assign selected to…' }));
      const list = within(bulk).getByRole('list', { name: 'Assign selected to…' });
      expect(
        within(list)
          .getAllByRole('button')
          .map((button) => button.textContent),
      ).toEqual(['Ana Ruiz', 'Ben Okafor', 'Sam Lead']);
      fireEvent.click(within(list).getByRole('button', { name: 'Ben Okafor' }));
    });
    await step('main is asked once, for Ben and the ticked conversation, and the tick is cleared', async () => {
      await waitFor(() => expect(requested(host, 'team:assign')).toHaveLength(1));
      expect(requested(host, 'team:assign')[0]?.payload).toEqual({ conversationIds: [COMPLAINT], agentId: 'ben' });
      await waitFor(() => expect(within(inbox()).queryByRole('group', { name: 'Selected conversations' })).toBeNull());
    });
  });

  it('when the database refuses an assignment, the desk says so', async () => {
    const host = assignHost(SAM, [COMPLAINT]);
    const bulk = await tickComplaint(host, SAM);
    await waitFor(() => expect(within(bulk).getByRole('button', { name: 'Assign selected to…' })).toBeEnabled());
    fireEvent.click(within(bulk).getByRole('button', { name: 'Assign selected to…' }));
    fireEvent.click(within(bulk).getByRole('button', { name: 'Ana Ruiz' }));
    expect(await within(inbox()).findByRole('status')).toHaveTextContent('The team database refused some of these assignments');
  });

  it('Maya, an agent, is offered only "Assign selected to me"', async () => {
    const host = assignHost(MAYA);
    const bulk = await tickComplaint(host, MAYA);
    expect(within(bulk).getByRole('button', { name: 'Assign selected to me' })).toBeInTheDocument();
    expect(within(bulk).queryByRole('button', { name: 'Assign selected to…' })).toBeNull();
    expect(requested(host, 'team:agents')).toHaveLength(0);
  });
});
