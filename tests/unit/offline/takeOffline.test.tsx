// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, type PrivateStep } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import { createSocialHost, socialItem, type SocialHost } from '../social-ui/socialFakes';
import { callInfo } from '../renderer/softphoneFakes';
import { closeDesk, renderDesk } from '../renderer/deskFixture';

/** Six helpers share two cores: the inbox row can take longer than testing-library's 1 s default to paint. */
const INBOX_WAIT_MS = 4_000;

let dbCounter = 0;

afterEach(closeDesk);

/** A host whose main answers the private-message question with `step`; every send is queued, as the real outbox does (socialFakes). */
function offlineHost(step: PrivateStep): SocialHost {
  return createSocialHost({
    answers: {
      'softphone:dial': () => ok({ callId: 'call-from-case' }),
      'social:privateStep': () => ok(step),
    },
  });
}

const sent = (host: SocialHost, channel: 'social:reply' | 'social:sendMessage') =>
  host.requests.filter((request) => request.channel === channel).map((request) => request.payload as { text: string });

async function openComplaint(host: SocialHost) {
  renderDesk(host, { db: openTandemDb(`tandem-offline-${++dbCounter}`), media: null, notifications: null });
  await screen.findByText('Maya Lopez');
  act(() => void host.deliver(socialItem({ text: '@acme.test my order never came and nobody answers' })));
  fireEvent.click(await within(screen.getByRole('region', { name: 'Inbox' })).findByRole('button', { name: /@carla\.test/ }, { timeout: INBOX_WAIT_MS }));
  const conversation = await screen.findByRole('region', { name: /^Conversation/ });
  fireEvent.click(within(conversation).getByRole('button', { name: 'Take offline' }));
  return screen.findByRole('dialog', { name: 'Take this conversation offline' });
}

describe('take offline: one dialog shows what goes where, and the brand policy guards both texts', () => {
  it('a banned word typed into the acknowledgement blocks "Post and send", naming it; fixed, both go out', async () => {
    const host = offlineHost({ allowed: true });
    const dialog = await openComplaint(host);
    const acknowledgement = await within(dialog).findByRole('textbox', { name: 'Public acknowledgement' });
    const message = within(dialog).getByRole('textbox', { name: 'Private message' });
    expect((acknowledgement as HTMLTextAreaElement).value).toContain("We've sent you a private message, @carla.test");
    expect((message as HTMLTextAreaElement).value).toContain('What number can I call you on');

    const template = (acknowledgement as HTMLTextAreaElement).value;
    fireEvent.change(acknowledgement, { target: { value: `We guarantee a refund.\n${template}` } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Post and send' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/guarantee/);
    expect(sent(host, 'social:reply')).toEqual([]);
    expect(sent(host, 'social:sendMessage')).toEqual([]);

    fireEvent.change(acknowledgement, { target: { value: template } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Post and send' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Take this conversation offline' })).toBeNull());
    expect(sent(host, 'social:reply').map((send) => send.text)).toEqual([template]);
    expect(sent(host, 'social:sendMessage')).toHaveLength(1);
  }, 20_000);

  it('an author who accepts private messages from nobody: the dialog says why and posts the invitation; nothing private is tried', async () => {
    const host = offlineHost({ allowed: false, reason: 'authorAllowsNone' });
    const dialog = await openComplaint(host);
    expect(await within(dialog).findByText('No private message will be sent')).toBeInTheDocument();
    expect(within(dialog).getByText('@carla.test accepts private messages from nobody.')).toBeInTheDocument();
    expect(within(dialog).queryByRole('textbox', { name: 'Private message' })).toBeNull();
    const invitation = within(dialog).getByRole('textbox', { name: 'Public acknowledgement' });
    expect((invitation as HTMLTextAreaElement).value).toContain('Please send us a private message at @acme.test');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Post and send' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Take this conversation offline' })).toBeNull());
    expect(sent(host, 'social:reply')).toHaveLength(1);
    expect(sent(host, 'social:sendMessage')).toEqual([]);
  });
});

describe('take offline: the customer answers privately', () => {
  const BRAND_AUTHOR = { did: 'did:plc:brand', handle: 'acme.test', displayName: 'Acme', description: '', avatarUrl: null, followers: null, following: null };

  async function caseWith(answer: string, host = offlineHost({ allowed: true })) {
    renderDesk(host, { db: openTandemDb(`tandem-offline-${++dbCounter}`), media: null, notifications: null });
    await screen.findByText('Maya Lopez');
    const complaint = socialItem({ text: '@acme.test my order never came', createdAt: Date.now() - 60_000 });
    const acknowledgement = socialItem({
      kind: 'brand-reply',
      author: BRAND_AUTHOR,
      conversationId: complaint.conversationId,
      parentUri: complaint.uri,
      text: "We've sent you a private message, @carla.test",
      createdAt: Date.now() - 50_000,
    });
    const reply = socialItem({
      kind: 'message',
      visibility: 'private',
      uri: 'msg-1',
      cid: null,
      conversationId: 'convo-1',
      text: answer,
      createdAt: Date.now() - 40_000,
    });
    act(() => void host.deliver(complaint, acknowledgement, reply));
    fireEvent.click(
      await within(screen.getByRole('region', { name: 'Inbox' })).findByRole('button', { name: /my order never came/ }, { timeout: INBOX_WAIT_MS }),
    );
    return screen.findByRole('region', { name: /^Conversation/ });
  }

  it('a number in the private answer offers "Call now" in the conversation, and the private message joins the case', async () => {
    const conversation = await caseWith('Call me on +1 415 555 0132 please');
    expect(await within(conversation).findByRole('button', { name: 'Call now' })).toBeInTheDocument();
    expect(within(conversation).getByText(/Call me on/)).toBeInTheDocument();
    // Six helpers share two cores: the whole desk renders in happy-dom here, which can pass the 5 s default.
  }, 20_000);

  it('"Call now" dials from the conversation: the number is the account\'s claim, never verified, and the ended call joins the case', async () => {
    const host = offlineHost({ allowed: true });
    const conversation = await caseWith('Call me on +1 415 555 0132 please', host);
    const caseId = host.journal[0]?.conversationId ?? '';

    fireEvent.click(await within(conversation).findByRole('button', { name: 'Call now' }));
    // The call carries the conversation it was placed from.
    await waitFor(() =>
      expect(host.requests.filter((request) => request.channel === 'softphone:dial').map((request) => request.payload)).toEqual([
        { target: '+14155550132', conversationId: caseId },
      ]),
    );

    // Recorded on the author's customer with where it came from: claimed by @carla.test in msg-1, the number itself unverified.
    const db = openTandemDb(`tandem-offline-${dbCounter}`);
    const identities = await db.identities.toArray();
    const phone = identities.find((identity) => identity.kind === 'phone');
    const link = identities.find((identity) => identity.kind === 'bluesky');
    expect(phone).toMatchObject({ value: '+14155550132', verified: false });
    expect(link).toMatchObject({ value: 'carla.test', verified: false, claim: { phone: '+14155550132', evidenceUri: 'msg-1' } });

    const placed = callInfo({
      id: 'call-from-case',
      direction: 'outbound',
      state: 'dialing',
      remote: { uri: 'sip:+14155550132@example.com', displayName: '', number: '+14155550132' },
      conversationId: caseId,
    });
    act(() => host.emit('softphone:call', placed));
    act(() => host.emit('softphone:call', { ...placed, state: 'active', answeredAt: Date.now() }));
    act(() => host.emit('softphone:call', { ...placed, state: 'ended', endedAt: Date.now(), outcome: 'answered' }));
    await waitFor(async () => expect((await db.calls.get('call-from-case'))?.conversationId).toBe(caseId));
    await waitFor(async () => expect((await db.interactions.get('call:call-from-case'))?.conversationId).toBe(caseId), { timeout: INBOX_WAIT_MS });
    // The call's record points to the conversation, so the case finds it by that link.
    expect(await within(conversation).findByText(/Phone call to .*\+14155550132.*: Answered/, undefined, { timeout: INBOX_WAIT_MS })).toBeInTheDocument();
    expect((await db.interactions.get('call:call-from-case'))?.conversationId).toBe(caseId);
    expect((await db.calls.get('call-from-case'))?.conversationId).toBe(caseId);
    db.close();

    // After the call the case offers the closing note; once our public answer follows the call, it says it was posted.
    expect(within(conversation).getByRole('button', { name: 'Write a closing note' })).toBeInTheDocument();
    act(
      () =>
        void host.deliver(
          socialItem({
            kind: 'brand-reply',
            author: BRAND_AUTHOR,
            conversationId: caseId,
            parentUri: caseId,
            text: 'Thank you for talking with us, @carla.test.',
            createdAt: Date.now() + 1_000,
          }),
        ),
    );
    expect(await within(conversation).findByText('Closing note posted', undefined, { timeout: INBOX_WAIT_MS })).toBeInTheDocument();
    expect(within(conversation).queryByRole('button', { name: 'Write a closing note' })).toBeNull();
  }, 20_000);

  it('her answer stamped before our private message, which reached the desk first, still joins the case (CI, 2026-12-05)', async () => {
    const host = offlineHost({ allowed: true });
    const conversation = await caseWith('hi, this is Carla', host);
    expect(await within(conversation).findByText('hi, this is Carla')).toBeInTheDocument();
    // She wrote back to the public invitation while our private message was on its way: the chat service
    // stamped hers 46 ms before ours, and the desk heard ours first.
    const ours = Date.now() - 1_000;
    const privately = { visibility: 'private', cid: null, conversationId: 'convo-1' } as const;
    act(
      () =>
        void host.deliver(
          socialItem({ ...privately, kind: 'brand-message', author: BRAND_AUTHOR, uri: 'msg-2', text: 'What number can I call you on?', createdAt: ours }),
        ),
    );
    expect(await within(conversation).findByText('What number can I call you on?', undefined, { timeout: INBOX_WAIT_MS })).toBeInTheDocument();
    act(() => void host.deliver(socialItem({ ...privately, kind: 'message', uri: 'msg-3', text: 'sure, call me on 12 34 56 7', createdAt: ours - 46 })));
    expect(
      await within(conversation).findByText(/"12 34 56 7", which is not a phone number that can be dialled/, undefined, { timeout: INBOX_WAIT_MS }),
    ).toBeInTheDocument();
  }, 20_000);

  it('something that only looks like a number is shown back, and there is no "Call now"', async () => {
    const conversation = await caseWith('my number is 555-01234-999');
    expect(await within(conversation).findByText(/which is not a phone number that can be dialled/)).toBeInTheDocument();
    expect(within(conversation).queryByRole('button', { name: 'Call now' })).toBeNull();
  });
});
