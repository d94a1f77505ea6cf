// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, type CallInfo, type PrivateStep, type SoftphoneSnapshot } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import { messageTarget } from '../../../renderer/src/social/offline/messageTarget';
import type { Desk } from '../../../renderer/src/startDesk';
import { carlaAuthor, carlaCalls, CARLA_DID, claim, deskSettings, freshDbName, openDb, proof, REGION } from '../context/contextFakes';
import { ACCOUNT, createSocialHost, liveConnector, socialItem, storedConversation, type SocialHost } from '../social-ui/socialFakes';
import { closeDesk, renderDesk } from '../renderer/deskFixture';

/** Six helpers share two cores: give the desk more than testing-library's 1 s default to paint. */
const WAIT = { timeout: 4_000 };

let desk: Desk | undefined;

afterEach(closeDesk);

/** Carla, answered on the phone from her number: the call the panel shows. */
const answeredCall = (): CallInfo => carlaCalls({ state: 'active', answeredAt: Date.now() - 5_000 });

/** Main played in memory: the social desk, her profile, the answered call, and `step` as the private-message verdict. */
function callHost(step: PrivateStep, call: CallInfo): SocialHost {
  return createSocialHost({
    settings: deskSettings(),
    answers: {
      'softphone:getState': () =>
        ok({
          registration: { state: 'registered', expiresAt: Date.now() + 300_000, nextRetryAt: null, lastErrorKey: null, attempt: 0 },
          calls: [call],
          transferRequests: [],
          ended: [],
          standby: null,
        } satisfies SoftphoneSnapshot),
      'social:getProfile': () => ok(carlaAuthor()),
      'social:privateStep': () => ok(step),
    },
  });
}

/** Carla as a customer with her number and, `verified`, the Bluesky account she proved; else one an account only claimed. */
async function seedCarla(dbName: string, verified: boolean) {
  const { db, repo } = openDb(dbName);
  const { customer } = await repo.createCustomer({ name: 'Carla Gómez', identities: [{ kind: 'phone', value: '(212) 555-0123' }] }, REGION);
  if (verified) await repo.recordProof(proof({ customerId: customer.id }));
  else await repo.recordClaim(claim({ handle: 'carla.test', did: CARLA_DID }));
  db.close();
}

/** Carla wrote to the brand privately earlier: the case the message joins. */
const carlaMessage = () =>
  socialItem({
    kind: 'message',
    visibility: 'private',
    uri: 'chat:convo-1/m1',
    cid: null,
    conversationId: 'convo-1',
    author: carlaAuthor(),
    text: 'any news?',
  });

async function openOnCall(host: SocialHost, dbName: string, call: CallInfo) {
  desk = renderDesk(host, { db: openTandemDb(dbName), media: null, notifications: null });
  await screen.findByText('Maya Lopez');
  act(() => host.emit('softphone:call', call));
  const panel = screen.getByRole('region', { name: 'Caller context' });
  await within(panel).findByRole('heading', { name: 'Carla Gómez' }, WAIT);
  return panel;
}

const sentMessages = (host: SocialHost) =>
  host.requests.filter((request) => request.channel === 'social:sendMessage').map((request) => request.payload as { toDid: string; text: string });

describe('the reverse: a private message from the call screen joins the customer’s case', () => {
  it('on a call with Carla, whose account is verified, the agent writes privately; a banned word is refused by name; the message joins her conversation', async () => {
    const host = callHost({ allowed: true }, answeredCall());
    const dbName = freshDbName();
    await seedCarla(dbName, true);
    const panel = await openOnCall(host, dbName, answeredCall());
    act(() => void host.deliver(carlaMessage()));
    // Her private conversation is in the desk's inbox: the case the message joins.
    await within(screen.getByRole('region', { name: 'Inbox' })).findByText(/any news\?/, {}, WAIT);
    const verified = within(panel).getByRole('region', { name: 'Verified social accounts' });

    fireEvent.click(await within(verified).findByRole('button', { name: 'Send a private message' }, WAIT));
    const composer = await within(panel).findByRole('region', { name: 'Private message to @carla.test' }, WAIT);
    const text = await within(composer).findByRole('textbox', { name: 'Private message' });
    expect((text as HTMLTextAreaElement).value).toContain('Hi @carla.test, following up on our call:');
    expect(within(composer).getByText(/PRIVATE: sent to @carla\.test only, on Bluesky; it joins your conversation with them\./)).toBeInTheDocument();
    expect(host.requests.find((request) => request.channel === 'social:privateStep')?.payload).toMatchObject({
      accountId: ACCOUNT,
      did: CARLA_DID,
      wroteFirst: true,
    });

    const good = 'Hi @carla.test, the courier reference is 5512, as promised on the phone.\n— Maya L.';
    fireEvent.change(text, { target: { value: good.replace('as promised', 'guaranteed') } });
    fireEvent.click(within(composer).getByRole('button', { name: 'Send privately' }));
    expect(await within(composer).findByRole('alert')).toHaveTextContent(/guaranteed/);
    expect(sentMessages(host)).toEqual([]);

    fireEvent.change(text, { target: { value: good } });
    fireEvent.click(within(composer).getByRole('button', { name: 'Send privately' }));
    expect(await within(composer).findByText('Sent privately to @carla.test. It is in your conversation with them.', {}, WAIT)).toBeInTheDocument();
    expect(sentMessages(host)).toEqual([expect.objectContaining({ toDid: CARLA_DID, text: good })]);

    fireEvent.click(within(composer).getByRole('button', { name: 'Open the conversation' }));
    await waitFor(() => expect(desk?.store.getState().selectedConversationId).toBe('convo-1'));
    expect(within(panel).queryByRole('region', { name: 'Private message to @carla.test' })).toBeNull();
  }, 20_000);

  it('when Carla accepts private messages from nobody, the composer says why and offers no send', async () => {
    const host = callHost({ allowed: false, reason: 'authorAllowsNone' }, answeredCall());
    const dbName = freshDbName();
    await seedCarla(dbName, true);
    const panel = await openOnCall(host, dbName, answeredCall());

    fireEvent.click(await within(panel).findByRole('button', { name: 'Send a private message' }, WAIT));
    const composer = await within(panel).findByRole('region', { name: 'Private message to @carla.test' }, WAIT);
    expect(await within(composer).findByText('@carla.test accepts private messages from nobody.', {}, WAIT)).toBeInTheDocument();
    expect(within(composer).getByText('No private message can be sent now')).toBeInTheDocument();
    expect(within(composer).queryByRole('textbox')).toBeNull();
    expect(within(composer).queryByRole('button', { name: 'Send privately' })).toBeNull();
    fireEvent.click(within(composer).getByRole('button', { name: 'Close' }));
    expect(await within(panel).findByRole('button', { name: 'Send a private message' })).toBeInTheDocument();
    expect(sentMessages(host)).toEqual([]);
  }, 20_000);

  it('a handle an account only claimed is not offered a private message, and neither is a verified one before the call is answered', async () => {
    const claimedHost = callHost({ allowed: true }, answeredCall());
    const claimedDb = freshDbName();
    await seedCarla(claimedDb, false);
    const claimedPanel = await openOnCall(claimedHost, claimedDb, answeredCall());
    await within(claimedPanel).findByRole('region', { name: 'Unverified social handles' }, WAIT);
    expect(within(claimedPanel).queryByRole('button', { name: 'Send a private message' })).toBeNull();
    closeDesk();

    const ringing = carlaCalls();
    const ringingHost = callHost({ allowed: true }, ringing);
    const ringingDb = freshDbName();
    await seedCarla(ringingDb, true);
    const ringingPanel = await openOnCall(ringingHost, ringingDb, ringing);
    await within(ringingPanel).findByText('@carla.test', {}, WAIT);
    expect(within(ringingPanel).queryByRole('button', { name: 'Send a private message' })).toBeNull();
  }, 20_000);
});

describe('where a private message from a call goes (messageTarget)', () => {
  const brand = [liveConnector()];
  const now = Date.now();
  const carla = { network: 'bluesky', did: CARLA_DID };
  const publicComplaint = storedConversation(1, now, { authorDid: CARLA_DID, lastItemAt: now - 10_000 });
  const privateChat = storedConversation(2, now, { id: 'convo-1', visibility: 'private', authorDid: CARLA_DID, replyToUri: null, lastItemAt: now - 60_000 });

  it('into her private conversation first: she wrote first, and the window counts from her latest item', () => {
    expect(messageTarget([publicComplaint, privateChat], brand, carla)).toEqual({
      accountId: ACCOUNT,
      conversationId: 'convo-1',
      lastCustomerMessageAt: now - 10_000,
      wroteFirst: true,
    });
  });

  it('else from her public complaint, as "Take offline" sends its private step', () => {
    expect(messageTarget([publicComplaint], brand, carla)).toEqual({
      accountId: ACCOUNT,
      conversationId: publicComplaint.id,
      lastCustomerMessageAt: now - 10_000,
      wroteFirst: false,
    });
  });

  it('else a new conversation from the network’s account; and nowhere when no account of hers can message privately', () => {
    expect(messageTarget([storedConversation(3, now)], brand, carla)).toEqual({
      accountId: ACCOUNT,
      conversationId: null,
      lastCustomerMessageAt: null,
      wroteFirst: false,
    });
    const noChat = [liveConnector({ capabilities: { publicReply: true, privateMessage: false, like: true, maxGraphemes: 300 } })];
    expect(messageTarget([privateChat], noChat, carla)).toBeNull();
    expect(messageTarget([privateChat], brand, { network: 'x', did: CARLA_DID })).toBeNull();
  });
});
