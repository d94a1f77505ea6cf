// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, type TeamConversation } from '@tandem/contract';
import { createCustomerRepository } from '../../../renderer/src/customers/customerRepository';
import { openTandemDb } from '../../../renderer/src/data/db';
import type { Desk } from '../../../renderer/src/startDesk';
import { step } from '../../integration/support/step';
import { createSocialHost, socialItem, type SocialHost } from '../social-ui/socialFakes';
import { closeDesk, renderDesk } from '../renderer/deskFixture';

/**
 * Issue 15 item 2 on Maya's team desk: a case taken offline is shared like
 * every conversation, and only the agent handling it acts on it. Maya reads
 * Ana's whole case; every control that would post, send or call from it is
 * disabled and says Ana handles it. When Maya takes a case offline herself,
 * she keeps handling it.
 */

/** Six helpers share two cores: the whole desk renders in happy-dom here. */
const WAIT = { timeout: 4_000 };

let desk: Desk | undefined;
let dbCounter = 0;

afterEach(closeDesk);

const TEAM = { roster: [], database: { url: 'postgresql://maya@db.example.com/tandem', hasPassword: true } };
const MAYA = { id: 'maya', name: 'Maya Lopez', role: 'agent' } as const;
const COMPLAINT = 'at://did:plc:customer/app.bsky.feed.post/case-complaint';
const BRAND_AUTHOR = { did: 'did:plc:brand', handle: 'acme.test', displayName: 'Acme', description: '', avatarUrl: null, followers: null, following: null };

function teamHost(): SocialHost {
  return createSocialHost({
    settings: { team: TEAM, agent: { name: 'Maya Lopez', role: 'agent' } },
    answers: {
      'team:getStatus': () => ok({ state: 'connected', pending: 0 }),
      'team:getQueue': () => ok({ self: MAYA, conversations: [], viewing: [] }),
      'team:setViewing': () => ok(null),
      // Not in the team database yet: the status stays this desk's own.
      'team:setStatus': () => ok({ ok: false, heldBy: null }),
      'team:claim': () => ok({ ok: true, leaseUntil: Date.now() + 600_000 }),
      'team:release': () => ok(null),
      'social:privateStep': () => ok({ allowed: true }),
      'softphone:dial': () => ok({ callId: 'call-from-case' }),
    },
  });
}

const anaHolds = (): TeamConversation => ({
  conversationId: COMPLAINT,
  status: 'open',
  handler: { id: 'ana', name: 'Ana Ruiz' },
  leaseUntil: Date.now() + 600_000,
});

const requested = (host: SocialHost, channel: string) => host.requests.filter((request) => request.channel === channel);

/** `withCarla`: Carla is already a customer on this desk, with her number and her Bluesky handle. */
async function startTeamDesk(host: SocialHost, withCarla = false) {
  const name = `tandem-team-case-${++dbCounter}`;
  if (withCarla) {
    const db = openTandemDb(name);
    await createCustomerRepository(db).createCustomer(
      {
        name: 'Carla Martín',
        identities: [
          { kind: 'phone', value: '+14155550100' },
          { kind: 'bluesky', value: 'carla.test' },
        ],
      },
      'US',
    );
    db.close();
  }
  desk = renderDesk(host, { db: openTandemDb(name), media: null, notifications: null });
  await screen.findByText('Maya Lopez');
  await waitFor(() => expect(desk?.store.getState().teamSelf).toEqual(MAYA));
}

async function openFromInbox(text: RegExp) {
  fireEvent.click(await within(screen.getByRole('region', { name: 'Inbox' })).findByRole('button', { name: text }, WAIT));
  return screen.findByRole('region', { name: /^Conversation/ });
}

describe("a colleague's case on Maya's desk", () => {
  it('Ana took the complaint offline: Maya reads the whole case, and cannot take it offline, call, or send', async () => {
    const host = teamHost();
    await startTeamDesk(host, true);

    const conversation = await step('Ana’s case reaches Maya’s desk from the team: the post, the acknowledgement and both private messages', async () => {
      const complaint = socialItem({ uri: COMPLAINT, conversationId: COMPLAINT, text: '@acme.test my order never came', createdAt: Date.now() - 60_000 });
      act(
        () =>
          void host.deliver(
            complaint,
            socialItem({
              kind: 'brand-reply',
              author: BRAND_AUTHOR,
              conversationId: COMPLAINT,
              parentUri: COMPLAINT,
              text: "We've sent you a private message, @carla.test",
              createdAt: Date.now() - 50_000,
            }),
            socialItem({
              kind: 'brand-message',
              author: BRAND_AUTHOR,
              visibility: 'private',
              uri: 'chat:convo-1/m1',
              cid: null,
              conversationId: 'convo-1',
              text: 'What number can I call you on?',
              createdAt: Date.now() - 45_000,
            }),
            socialItem({
              kind: 'message',
              visibility: 'private',
              uri: 'chat:convo-1/m2',
              cid: null,
              conversationId: 'convo-1',
              text: 'Call me on +1 415 555 0132 please',
              createdAt: Date.now() - 40_000,
            }),
          ),
      );
      const view = await openFromInbox(/my order never came/);
      act(() => host.emit('team:conversation', anaHolds()));
      const items = () => [...view.querySelectorAll('ol.thread > li')].map((li) => li.textContent);
      await waitFor(() => expect(items()).toHaveLength(4), WAIT);
      const order = ['my order never came', "We've sent you a private message", 'What number can I call you on', 'Call me on'];
      expect(order.map((text) => items().findIndex((item) => item?.includes(text) === true))).toEqual([0, 1, 2, 3]);
      return view;
    });

    await step('"Handled by Ana Ruiz"; "Take offline" and "Call now" are disabled and say Ana handles the case', async () => {
      expect(await within(conversation).findByText('Handled by Ana Ruiz')).toBeInTheDocument();
      const reason = 'Ana Ruiz is handling this case: only they can take it offline, call the customer or post the closing note.';
      const takeOffline = within(conversation).getByRole('button', { name: 'Take offline' });
      const callNow = await within(conversation).findByRole('button', { name: 'Call now' }, WAIT);
      for (const control of [takeOffline, callNow]) {
        expect(control).toBeDisabled();
        expect(control).toHaveAccessibleDescription(reason);
      }
      expect(within(conversation).getByText('Ana Ruiz is handling this conversation')).toBeInTheDocument();
      expect(within(conversation).getByRole('button', { name: 'Send publicly' })).toBeDisabled();
    });

    await step('the conversation’s customer panel: "Call" and "Send private message" are disabled too, saying why', async () => {
      const panel = await screen.findByRole('region', { name: 'Customer for this conversation' }, WAIT);
      const reason = 'Ana Ruiz is handling this case: only they can take it offline, call the customer or post the closing note.';
      for (const control of [
        await within(panel).findByRole('button', { name: /^Call / }, WAIT),
        within(panel).getByRole('button', { name: 'Send private message' }),
      ]) {
        expect(control).toBeDisabled();
        expect(control).toHaveAccessibleDescription(reason);
      }
    });

    await step('pressing them anyway asks nothing of main: no dial, no send, no claim', () => {
      fireEvent.click(within(conversation).getByRole('button', { name: 'Call now' }));
      fireEvent.click(within(conversation).getByRole('button', { name: 'Take offline' }));
      expect(screen.queryByRole('dialog', { name: 'Take this conversation offline' })).toBeNull();
      for (const channel of ['softphone:dial', 'social:reply', 'social:sendMessage', 'team:claim']) expect(requested(host, channel)).toEqual([]);
    });

    await step('Ana’s lease runs out (she released it): the case’s controls are Maya’s again', async () => {
      act(() => host.emit('team:conversation', { ...anaHolds(), handler: null, leaseUntil: null }));
      await waitFor(() => expect(within(conversation).getByRole('button', { name: 'Call now' })).toBeEnabled());
      expect(within(conversation).getByRole('button', { name: 'Take offline' })).toBeEnabled();
      expect(within(conversation).queryByText(/is handling this case/)).toBeNull();
    });
  }, 30_000);

  it('Maya takes a complaint offline herself: she keeps handling the case, and "Call now" renews her claim before it dials', async () => {
    const host = teamHost();
    await startTeamDesk(host);
    act(() => void host.deliver(socialItem({ uri: COMPLAINT, conversationId: COMPLAINT, text: '@acme.test my parcel is lost' })));
    const conversation = await openFromInbox(/my parcel is lost/);

    await step('"Post and send" claims the conversation and sends both; the claim is kept, not released', async () => {
      fireEvent.click(within(conversation).getByRole('button', { name: 'Take offline' }));
      const dialog = await screen.findByRole('dialog', { name: 'Take this conversation offline' });
      await within(dialog).findByRole('textbox', { name: 'Private message' }, WAIT);
      fireEvent.click(within(dialog).getByRole('button', { name: 'Post and send' }));
      await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Take this conversation offline' })).toBeNull(), WAIT);
      expect(requested(host, 'social:reply')).toHaveLength(1);
      expect(requested(host, 'social:sendMessage')).toHaveLength(1);
      expect(requested(host, 'team:claim').length).toBeGreaterThan(0);
      expect(requested(host, 'team:release')).toEqual([]);
      expect(within(conversation).getByText('You are handling this conversation')).toBeInTheDocument();
    });

    await step('the customer answers with a number; "Call now" asks the team first, then dials from the conversation', async () => {
      act(
        () =>
          void host.deliver(
            socialItem({
              kind: 'brand-reply',
              author: BRAND_AUTHOR,
              conversationId: COMPLAINT,
              parentUri: COMPLAINT,
              text: "We've sent you a private message, @carla.test",
              createdAt: Date.now() - 5_000,
            }),
            socialItem({
              kind: 'message',
              visibility: 'private',
              uri: 'chat:convo-2/m1',
              cid: null,
              conversationId: 'convo-2',
              text: 'Call me on +1 415 555 0132 please',
              createdAt: Date.now() - 1_000,
            }),
          ),
      );
      const claimsBefore = requested(host, 'team:claim').length;
      // Her lease is renewed before the call: ask again as a lapsed one would be.
      act(() =>
        desk?.store.setState((state) => ({ claims: { ...state.claims, [COMPLAINT]: { state: 'free', holder: null, leaseUntil: null, problem: null } } })),
      );
      fireEvent.click(await within(conversation).findByRole('button', { name: 'Call now' }, WAIT));
      await waitFor(() =>
        expect(requested(host, 'softphone:dial').map((request) => request.payload)).toEqual([{ target: '+14155550132', conversationId: COMPLAINT }]),
      );
      expect(requested(host, 'team:claim').length).toBe(claimsBefore + 1);
    });
  }, 30_000);
});
