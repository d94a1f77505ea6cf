// @vitest-environment happy-dom
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { conversationsUpdate } from '../../../renderer/src/social/conversationChanges';
import { createSocialHost, storedConversation } from './socialFakes';
import { closeDesk } from '../renderer/deskFixture';
import { openLoadedInbox, showInbox, waitingConversations } from './inboxFixture';

// Issue 14 item 2: with 100 000 conversations in the inbox, a mention that arrives must cost what
// the rows on screen cost, not what the inbox holds. Counted, not timed: the list's window over
// the rows once looked up every row's size (a Map lookup per row) whenever the row count changed,
// the order was copied whole to move one row, and the first mention after a sort indexed every row
// by id to find the one that moved; any of them coming back fails here.

afterEach(() => {
  closeDesk();
  vi.restoreAllMocks();
});

const CONVERSATIONS = 20_000;

describe('a mention in a long inbox', () => {
  it('adds its row without walking or copying the other 20 000 (the work follows the rows on screen)', async () => {
    const start = Date.UTC(2026, 11, 4, 12, 0, 0);
    const host = createSocialHost();
    const desk = await openLoadedInbox(host, 'tandem-mention-cost');

    showInbox(desk, waitingConversations(CONVERSATIONS, start - 20 * 60_000));
    const inbox = screen.getByRole('region', { name: 'Inbox' });
    await waitFor(() => expect(within(inbox).getByText(`${CONVERSATIONS.toLocaleString('en')} conversations`)).toBeInTheDocument());

    // The mention's store update and the render it causes (act runs both to the end), counted alone:
    // the queries below look things up too.
    const lookups = vi.spyOn(Map.prototype, 'get');
    // Entries written to any Map: an index of every row by id, built at the first mention after a sort, is 20 000.
    const writes = vi.spyOn(Map.prototype, 'set');
    const slices = vi.spyOn(Array.prototype, 'slice');
    const mention = storedConversation(CONVERSATIONS, start, { firstWaitingSince: start, preview: 'where is my parcel' });
    act(() => desk.store.setState((state) => conversationsUpdate(state, [mention])));
    const counted = lookups.mock.calls.length;
    const written = writes.mock.calls.length;
    // Copies of the inbox's order: the row moves inside the one array (inboxOrder.ts, patchInboxRows).
    const copies = slices.mock.results.filter((result) => Array.isArray(result.value) && (result.value as unknown[]).length >= CONVERSATIONS / 2).length;
    lookups.mockRestore();
    writes.mockRestore();
    slices.mockRestore();
    await waitFor(() => expect(within(inbox).getByText(`${(CONVERSATIONS + 1).toLocaleString('en')} conversations`)).toBeInTheDocument());
    // A few hundred for the rows on screen, the store's subscribers and React; a walk of the inbox is 20 000.
    expect(counted).toBeLessThan(CONVERSATIONS / 10);
    expect(written).toBeLessThan(CONVERSATIONS / 10);
    expect(copies).toBe(0);
    // The rows shown are still a screenful, not the inbox.
    expect(within(inbox).getAllByRole('listitem').length).toBeLessThan(40);
  }, 60_000);
});
