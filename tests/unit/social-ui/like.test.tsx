// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok, type OutboxEntry } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import { likeClientId } from '../../../renderer/src/social/likeClientId';
import { ACCOUNT, createSocialHost, liveConnector, socialItem, type SocialHost } from './socialFakes';
import { closeDesk, renderDesk } from '../renderer/deskFixture';

let dbCounter = 0;

function openDesk(host: SocialHost) {
  renderDesk(host, { db: openTandemDb(`tandem-like-${++dbCounter}`), media: null, notifications: null });
}

afterEach(closeDesk);

const likeEntry = (clientId: string, patch: Partial<OutboxEntry> = {}): OutboxEntry => ({
  clientId,
  accountId: ACCOUNT,
  kind: 'like',
  state: 'queued',
  attempts: 0,
  uri: null,
  lastErrorKey: null,
  ...patch,
});

/** A host whose main queues every like it is given, as the real outbox does. */
function likingHost(): SocialHost {
  return createSocialHost({ answers: { 'social:like': (payload) => ok(likeEntry((payload as { clientId: string }).clientId)) } });
}

const likes = (host: SocialHost) =>
  host.requests
    .filter((request) => request.channel === 'social:like')
    .map((request) => request.payload as { clientId: string; uri: string; cid: string; accountId: string });

/** Opens the desk, lets `items` arrive and opens the first one's conversation. */
async function openThread(host: SocialHost, ...items: ReturnType<typeof socialItem>[]) {
  openDesk(host);
  await screen.findByText('Maya Lopez');
  act(() => void host.deliver(...items));
  const inbox = screen.getByRole('region', { name: 'Inbox' });
  fireEvent.click(await within(inbox).findByRole('button', { name: /@carla\.test/ }));
  return screen.findByRole('region', { name: /^Conversation/ });
}

const postIn = (conversation: HTMLElement, text: string | RegExp) =>
  within(conversation)
    .getAllByRole('listitem')
    .find((item) => (typeof text === 'string' ? item.textContent?.includes(text) : text.test(item.textContent ?? ''))) ?? null;

describe('liking a customer’s post', () => {
  it('Maya likes Carla’s mention: one like reaches main, keyed by the post, however often she clicks; it reads Liking…, then Liked', async () => {
    const host = likingHost();
    const mention = socialItem({ text: 'love the new phone @acme.test' });
    const conversation = await openThread(host, mention);
    const post = await waitFor(() => postIn(conversation, 'love the new phone') ?? Promise.reject(new Error('no post')));
    const like = within(post).getByRole('button', { name: 'Like' });

    fireEvent.click(like);
    fireEvent.click(like);
    expect(await within(post).findByRole('button', { name: 'Liking…' })).toBeInTheDocument();
    fireEvent.click(within(post).getByRole('button', { name: 'Liking…' }));

    const clientId = await likeClientId(ACCOUNT, mention.uri);
    expect(likes(host)).toEqual([{ accountId: ACCOUNT, clientId, uri: mention.uri, cid: mention.cid }]);
    act(() => host.emit('social:outbox', likeEntry(clientId, { state: 'sent', attempts: 1, uri: 'at://did:plc:brand/app.bsky.feed.like/1' })));
    const liked = await within(post).findByRole('button', { name: 'Liked' });
    fireEvent.click(liked);
    expect(likes(host)).toHaveLength(1);
  });

  it('a like main refuses says why, and Retry like asks again with the same clientId', async () => {
    let refuse = true;
    const host = createSocialHost({
      answers: {
        'social:like': (payload) => (refuse ? fail('unavailable', 'social.errors.notConnected') : ok(likeEntry((payload as { clientId: string }).clientId))),
      },
    });
    const conversation = await openThread(host, socialItem({ text: 'does it come in red?' }));
    const post = await waitFor(() => postIn(conversation, 'does it come in red?') ?? Promise.reject(new Error('no post')));
    fireEvent.click(within(post).getByRole('button', { name: 'Like' }));
    const retry = await within(post).findByRole('button', { name: 'Retry like' });
    expect(within(post).getByText(/The account isn't connected right now/)).toBeInTheDocument();

    refuse = false;
    fireEvent.click(retry);
    expect(await within(post).findByRole('button', { name: 'Liking…' })).toBeInTheDocument();
    const [first, second] = likes(host);
    expect(second?.clientId).toBe(first?.clientId);
  });

  it('a like still in main’s outbox after a reload shows as pending without a click', async () => {
    const mention = socialItem({ text: 'any news on my refund?' });
    const clientId = await likeClientId(ACCOUNT, mention.uri);
    const host = createSocialHost({
      answers: { 'social:getState': () => ok({ connectors: [liveConnector()], outbox: [likeEntry(clientId)], rules: [], lastSeq: -1 }) },
    });
    const conversation = await openThread(host, mention);
    const post = await waitFor(() => postIn(conversation, 'any news on my refund?') ?? Promise.reject(new Error('no post')));
    expect(await within(post).findByRole('button', { name: 'Liking…' })).toBeInTheDocument();
    expect(likes(host)).toHaveLength(0);
  });

  it('Maya liked Carla’s post and the window reloads: main’s snapshot lists the sent like, so the post reads Liked without a click', async () => {
    // Main's outbox as the real one keeps it: queued on request, and still listed in the snapshot once sent.
    const outbox = new Map<string, OutboxEntry>();
    const host = createSocialHost({
      answers: {
        'social:like': (payload) => {
          const { clientId } = payload as { clientId: string };
          const entry = outbox.get(clientId) ?? likeEntry(clientId);
          outbox.set(clientId, entry);
          return ok(entry);
        },
        'social:getState': () => ok({ connectors: [liveConnector()], outbox: [...outbox.values()], rules: [], lastSeq: host.journal.at(-1)?.seq ?? -1 }),
      },
    });
    const mention = socialItem({ text: 'the parcel came a day early, thanks' });
    const before = await openThread(host, mention);
    const post = await waitFor(() => postIn(before, 'the parcel came a day early') ?? Promise.reject(new Error('no post')));
    fireEvent.click(within(post).getByRole('button', { name: 'Like' }));
    await within(post).findByRole('button', { name: 'Liking…' });
    const clientId = await likeClientId(ACCOUNT, mention.uri);
    const sent = likeEntry(clientId, { state: 'sent', attempts: 1, uri: 'at://did:plc:brand/app.bsky.feed.like/1' });
    outbox.set(clientId, sent);
    act(() => host.emit('social:outbox', sent));
    await within(post).findByRole('button', { name: 'Liked' });

    // The reload: a new desk, which knows only what main's snapshot and journal tell it.
    closeDesk();
    openDesk(host);
    const inbox = await screen.findByRole('region', { name: 'Inbox' });
    fireEvent.click(await within(inbox).findByRole('button', { name: /@carla\.test/ }));
    const after = await screen.findByRole('region', { name: /^Conversation/ });
    const reloaded = await waitFor(() => postIn(after, 'the parcel came a day early') ?? Promise.reject(new Error('no post')));
    const liked = await within(reloaded).findByRole('button', { name: 'Liked' });
    expect(liked).toHaveAttribute('aria-disabled', 'true');
    fireEvent.click(liked);
    expect(likes(host)).toHaveLength(1);
  });

  it('there is no Like on our own reply', async () => {
    const host = likingHost();
    const mention = socialItem({ text: 'where is my parcel?' });
    const conversation = await openThread(
      host,
      mention,
      socialItem({
        kind: 'brand-reply',
        conversationId: mention.conversationId,
        parentUri: mention.uri,
        text: 'Checking now.',
        createdAt: mention.createdAt + 1000,
      }),
    );
    await waitFor(() => expect(within(conversation).getAllByRole('listitem')).toHaveLength(2));
    expect(within(conversation).getAllByRole('button', { name: 'Like' })).toHaveLength(1);
    expect(within(postIn(conversation, 'Checking now.')!).queryByRole('button', { name: 'Like' })).not.toBeInTheDocument();
  });

  it('there is no Like in a private conversation', async () => {
    const host = likingHost();
    const privateConversation = await openThread(
      host,
      socialItem({ kind: 'message', visibility: 'private', cid: null, uri: 'convo-9/msg-1', conversationId: 'convo-9', text: 'my address is 12 Main St' }),
    );
    await waitFor(() => expect(postIn(privateConversation, 'my address is 12 Main St')).not.toBeNull());
    expect(within(privateConversation).queryByRole('button', { name: 'Like' })).not.toBeInTheDocument();
    expect(likes(host)).toHaveLength(0);
  });

  it('there is no Like for an account whose network takes no likes', async () => {
    const host = likingHost();
    host.connectors = [liveConnector({ capabilities: { publicReply: true, privateMessage: true, like: false, maxGraphemes: 300 } })];
    const conversation = await openThread(host, socialItem({ text: 'is the store open on Sunday?' }));
    await waitFor(() => expect(postIn(conversation, 'is the store open on Sunday?')).not.toBeNull());
    expect(within(conversation).queryByRole('button', { name: 'Like' })).not.toBeInTheDocument();
  });
});

describe('a like’s clientId', () => {
  it('is the same for every click on one post, differs between posts and accounts, and fits the contract', async () => {
    const uri = 'at://did:plc:carla/app.bsky.feed.post/3kabc';
    const id = await likeClientId(ACCOUNT, uri);
    expect(await likeClientId(ACCOUNT, uri)).toBe(id);
    expect(await likeClientId(ACCOUNT, `${uri}d`)).not.toBe(id);
    expect(await likeClientId('bluesky:other.test', uri)).not.toBe(id);
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });
});
