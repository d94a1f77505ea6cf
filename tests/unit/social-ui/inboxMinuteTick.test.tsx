// @vitest-environment happy-dom
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { conversationsUpdate } from '../../../renderer/src/social/conversationChanges';
import { createSocialHost, storedConversation } from './socialFakes';
import { closeDesk } from '../renderer/deskFixture';
import { openLoadedInbox, showInbox, waitingConversations } from './inboxFixture';

// Issue 14 item 2: when the minute ticks, the rows on screen work out their own waiting time and
// colour from `now`; nothing sorts the inbox. Counted, not timed: a full sort coming back fails here.

afterEach(() => {
  closeDesk();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const CONVERSATIONS = 5_000;
const MINUTE = 60_000;

describe('the minute tick', () => {
  it('repaints the waiting times on screen and sorts nothing, and a mention moves only its own row, with 5 000 conversations in the inbox', async () => {
    // Only the clock and the ticker's interval are faked: IndexedDB and React keep their own timers.
    const start = Date.UTC(2026, 11, 4, 12, 0, 0);
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: start });
    const host = createSocialHost();
    const desk = await openLoadedInbox(host, 'tandem-minute-tick');

    // Customers who have all waited 20 minutes (calm; amber from 22.5, 75 % of the public target).
    const since = start - 20 * MINUTE;
    const conversations = waitingConversations(CONVERSATIONS, since);
    showInbox(desk, conversations);
    const inbox = screen.getByRole('region', { name: 'Inbox' });
    const firstTimer = () => within(within(inbox).getAllByRole('listitem')[0]!).getByTitle(/^Waiting .*, target 30 min$/);
    await waitFor(() => expect(firstTimer()).toHaveAttribute('title', 'Waiting 20 min, target 30 min'));

    // From here on, any sort of a list as long as the inbox is a re-sort.
    const sort = vi.spyOn(Array.prototype, 'sort');
    const fullSorts = () => sort.mock.contexts.filter((list) => Array.isArray(list) && list.length >= CONVERSATIONS * 0.5).length;

    // Three minutes pass.
    act(() => void vi.advanceTimersByTime(3 * MINUTE));
    await waitFor(() => expect(firstTimer()).toHaveAttribute('title', 'Waiting 23 min, target 30 min'));
    // Past 75 % of the target: amber, said in words too.
    expect(firstTimer()).toHaveAttribute('data-tone', 'near');
    expect(fullSorts()).toBe(0);

    // A furious mention arrives on the last conversation: its own row moves to the top (binary search), still no sort.
    const last = conversations.get(storedConversation(CONVERSATIONS - 1, since).id)!;
    act(() => desk.store.setState((state) => conversationsUpdate(state, [{ ...last, sentimentScore: -5, preview: 'this is the worst service' }])));
    await waitFor(() => expect(within(inbox).getAllByRole('listitem')[0]).toHaveTextContent('this is the worst service'));
    expect(fullSorts()).toBe(0);
  }, 30_000);
});
