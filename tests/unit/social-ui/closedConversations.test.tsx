// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SocialItem } from '@tandem/contract';
import { App } from '../../../renderer/src/desk/components/App';
import { openTandemDb, type TandemDb } from '../../../renderer/src/data/db';
import { CLOSED_KEPT_MS, FORGET_CLOSED_EVERY_MS } from '../../../renderer/src/social/closedInMemory';
import { createInboxOrder, inboxRows } from '../../../renderer/src/social/inboxOrder';
import { withInboxKey } from '../../../renderer/src/social/inboxSortKey';
import { createSocialStore } from '../../../renderer/src/social/socialStore';
import { createTandemStore } from '../../../renderer/src/store/store';
import { startDesk, type Desk } from '../../../renderer/src/startDesk';
import { freshDbName } from '../context/contextFakes';
import { ACCOUNT, createSocialHost, socialItem, storedConversation } from './socialFakes';

// Issue 14 item 4: the inbox held every conversation the desk ever had, closed ones included, for as long
// as the page ran (about 480 B each: a busy brand's year is hundreds of MB). It now keeps the ones not
// closed and those closed in the last week; IndexedDB keeps all of them, and one is read back when opened.

const DAY = 86_400_000;

let desk: Desk | undefined;
afterEach(() => {
  cleanup();
  desk?.stop();
  desk = undefined;
});

let seq = 0;
const item = (patch: Partial<SocialItem>): SocialItem => ({ ...socialItem(patch), seq: ++seq });

/** A desk's store on its own IndexedDB, with a clock the story moves. */
function storeAt(db: TandemDb, clock: { now: number }) {
  return createTandemStore({ api: undefined, social: createSocialStore(db), now: () => clock.now });
}

describe('closed conversations and the inbox’s memory', () => {
  it('after a reload the Closed filter lists the last week’s, and an older one still opens from the history', async () => {
    // Given: Maya's open mention, Ana's conversation closed two days ago, Bob's closed ten days ago, and Dan's
    // closed before the desk wrote when (its last post is twenty days old).
    const now = Date.now();
    const db = openTandemDb(freshDbName());
    const maya = storedConversation(1, now, { authorHandle: 'maya.test', authorDisplayName: 'Maya' });
    const ana = storedConversation(2, now - 3 * DAY, { status: 'closed', closedAt: now - 2 * DAY, authorHandle: 'ana.test', firstWaitingSince: null });
    const bob = storedConversation(3, now - 11 * DAY, { status: 'closed', closedAt: now - 10 * DAY, authorHandle: 'bob.test', firstWaitingSince: null });
    const dan = storedConversation(4, now - 20 * DAY, { status: 'closed', authorHandle: 'dan.test', firstWaitingSince: null });
    await db.conversations.bulkPut([maya, ana, bob, dan].map(withInboxKey));

    // When: the agent opens the desk and shows closed conversations.
    desk = startDesk(createSocialHost().api, document, { db, media: null, notifications: null });
    render(<App store={desk.store} i18n={desk.i18n} />);
    await screen.findByText('Maya Lopez');
    const inbox = screen.getByRole('region', { name: 'Inbox' });
    await within(inbox).findByText('@maya.test');
    fireEvent.change(within(inbox).getByRole('combobox', { name: 'Show' }), { target: { value: 'closed' } });

    // Then: Ana's is listed, Bob's and Dan's are not held, and the list says why.
    await within(inbox).findByText('@ana.test');
    await within(inbox).findByText('1 conversation');
    expect(within(inbox).queryByText('@bob.test')).toBeNull();
    expect(within(inbox).queryByText('@dan.test')).toBeNull();
    expect(within(inbox).getByText(/Closed conversations stay in this list for 7 days after they close/)).toBeInTheDocument();
    expect([...desk.store.getState().inboxEntries.keys()].sort()).toEqual([maya.id, ana.id].sort());

    // When: the agent opens Bob's from his history (the timeline's "Open conversation" selects it by id).
    await desk.store.getState().selectConversation(bob.id);

    // Then: it is read back and shown, whole.
    const opened = await screen.findByRole('region', { name: /^Conversation/ });
    expect(within(opened).getByRole('combobox', { name: 'Status' })).toHaveValue('closed');
    expect(desk.store.getState().conversations.get(bob.id)?.preview).toBe(bob.preview);

    // When: the connection to main drops and comes back (the desk reads the table again).
    await desk.store.getState().loadSocial();

    // Then: Bob's stays open; Dan's is still only on disk.
    expect(within(screen.getByRole('region', { name: /^Conversation/ })).getByRole('combobox', { name: 'Status' })).toHaveValue('closed');
    expect(desk.store.getState().inboxEntries.has(bob.id)).toBe(true);
    expect(desk.store.getState().conversations.has(bob.id)).toBe(true);
    expect(desk.store.getState().inboxEntries.has(dan.id)).toBe(false);
    db.close();
  });

  it('a page left open lets go of what closed over a week ago, keeps what is on screen, and a new post brings one back', async () => {
    // Given: a desk with Carla's and Eve's mentions, both answered and closed today.
    const clock = { now: Date.UTC(2026, 11, 6, 9, 0) };
    const db = openTandemDb(freshDbName());
    const store = storeAt(db, clock);
    await store.getState().loadSocial();
    const carla = item({ uri: 'at://did:plc:carla/app.bsky.feed.post/1', author: { ...socialItem().author, did: 'did:plc:carla', handle: 'carla.test' } });
    const eve = item({ uri: 'at://did:plc:eve/app.bsky.feed.post/1', author: { ...socialItem().author, did: 'did:plc:eve', handle: 'eve.test' } });
    await store.getState().ingestSocial([carla, eve]);
    await store.getState().setConversationStatus(carla.uri, 'closed');
    await store.getState().setConversationStatus(eve.uri, 'closed');
    expect((await db.conversations.get(carla.uri))?.closedAt).toBe(clock.now);
    const order = createInboxOrder();
    const all = { status: 'all', visibility: 'all' } as const;
    const rowsNow = () => {
      const s = store.getState();
      return order.rows({ entries: s.inboxEntries, version: s.conversationsVersion, changes: s.conversationChanges, filter: all });
    };
    expect(rowsNow().map((row) => row.id)).toContain(carla.uri);

    // When: eight days pass with Eve's conversation open on screen, and another customer posts.
    await store.getState().selectConversation(eve.uri);
    clock.now += CLOSED_KEPT_MS + DAY;
    await store.getState().ingestSocial([item({ uri: 'at://did:plc:finn/app.bsky.feed.post/1' })]);

    // Then: Carla's has left memory and the inbox's rows (patched, as a fresh sort would give them); Eve's stays.
    const state = store.getState();
    expect(state.inboxEntries.has(carla.uri)).toBe(false);
    expect(state.conversations.has(carla.uri)).toBe(false);
    expect(state.conversations.has(eve.uri)).toBe(true);
    const ids = rowsNow().map((row) => row.id);
    expect(ids).not.toContain(carla.uri);
    expect(ids).toEqual(inboxRows(state.inboxEntries, all).map((row) => row.id));

    // When: Carla posts again in her thread, a day later.
    clock.now += FORGET_CLOSED_EVERY_MS;
    await store
      .getState()
      .ingestSocial([item({ uri: 'at://did:plc:carla/app.bsky.feed.post/2', conversationId: carla.uri, parentUri: carla.uri, author: carla.author })]);

    // Then: her conversation is back, reopened, with both posts counted: nothing was lost while it was on disk only.
    const back = store.getState().conversations.get(carla.uri);
    expect(back?.status).toBe('open');
    expect(back?.itemCount).toBe(2);
    expect(rowsNow().map((row) => row.id)).toContain(carla.uri);
    db.close();
  });

  it('a case taken offline and a message from the call find the customer’s private conversation that closed long ago', async () => {
    // Given: Gil wrote privately a month ago and that conversation was closed; today he complains in public.
    const clock = { now: Date.UTC(2026, 10, 6, 9, 0) };
    const db = openTandemDb(freshDbName());
    const gil = { ...socialItem().author, did: 'did:plc:gil', handle: 'gil.test' };
    const before = storeAt(db, clock);
    await before.getState().loadSocial();
    const dm = item({ uri: 'chat:gil/1', conversationId: 'chat:gil', kind: 'message', visibility: 'private', author: gil, accountId: ACCOUNT });
    await before.getState().ingestSocial([dm]);
    await before.getState().setConversationStatus('chat:gil', 'closed');
    clock.now += 30 * DAY;
    const store = storeAt(db, clock);
    await store.getState().loadSocial();
    const complaint = item({ uri: 'at://did:plc:gil/app.bsky.feed.post/9', author: gil, text: '@acme.test still broken, terrible' });
    await store.getState().ingestSocial([complaint]);
    expect(store.getState().inboxEntries.has('chat:gil')).toBe(false);

    // When: the agent opens the case view for the public complaint.
    await store.getState().refreshOfflineCase(complaint.uri);

    // Then: the case holds the private conversation and its message.
    expect(store.getState().offlineCase?.privateConversationId).toBe('chat:gil');
    expect(store.getState().offlineCase?.privateItems.map((i) => i.uri)).toEqual([dm.uri]);

    // When: on a call with Gil, the agent sends him a private message.
    store.setState({ socialConnectors: [{ ...createSocialHost().connectors[0]! }] });
    await store.getState().openCallMessage({ network: 'bluesky', did: gil.did, handle: gil.handle });

    // Then: it goes into that same private conversation.
    expect(store.getState().callMessage?.target).toMatchObject({ accountId: ACCOUNT, conversationId: 'chat:gil', wroteFirst: true });
    db.close();
  });
});
