// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SocialItem } from '@tandem/contract';
import { CONVERSATIONS_HELD, HELD_SLACK } from '../../../renderer/src/social/heldConversations';
import { ROW_HEIGHT } from '../../../renderer/src/social/components/Inbox';
import { closeDesk } from '../renderer/deskFixture';
import { step } from '../../integration/support/step';
import { openLoadedInbox } from './inboxFixture';
import { createSocialHost, socialItem } from './socialFakes';

// Issue 14 item 4: a desk whose backlog grows all day held every conversation in full (500–840 B each),
// so the page grew by about 1 kB for every customer left waiting. It now keeps every conversation's
// place in the inbox (inboxEntry.ts) and the full summary only of the rows on screen, those open on the
// desk and the latest written (heldConversations.ts); a row scrolled to is read back from IndexedDB.

afterEach(() => closeDesk());

const CUSTOMERS = CONVERSATIONS_HELD + HELD_SLACK + 100;
const PAGE = 100;
const START = Date.UTC(2026, 11, 6, 9, 0);

let seq = 0;
/** Customer `i`'s mention: older customers waited longer, so customer 0 is the inbox's first row. */
const mention = (i: number): SocialItem => ({
  ...socialItem({
    uri: `at://did:plc:c${i}/app.bsky.feed.post/1`,
    author: { did: `did:plc:c${i}`, handle: `c${i}.test`, displayName: `Customer ${i}`, description: '', avatarUrl: null, followers: 10, following: 1 },
    text: `@acme.test order ${i} is late`,
    createdAt: START - (CUSTOMERS - i) * 1_000,
    receivedAt: START,
  }),
  seq: ++seq,
});

describe('a backlog that grows all day', () => {
  it('holds in full only what the agent can see or use, and reads back a row scrolled to', async () => {
    const host = createSocialHost();
    const desk = await openLoadedInbox(host, 'tandem-held-in-full');
    const state = () => desk.store.getState();
    const inbox = () => screen.getByRole('region', { name: 'Inbox' });
    const list = () => within(inbox()).getByRole('list', { name: 'Conversations' });
    const rowOf = (handle: string) => within(list()).getByText(`@${handle}`).closest('[role="listitem"]');

    await step(`Given ${CUSTOMERS} customers who each mention the brand, brought by the journal ${PAGE} at a time`, async () => {
      for (let first = 0; first < CUSTOMERS; first += PAGE) {
        await state().ingestSocial(Array.from({ length: Math.min(PAGE, CUSTOMERS - first) }, (_, k) => mention(first + k)));
      }
    });

    await step('Then the inbox lists every one, and the page holds each one’s place but not each one in full', async () => {
      await waitFor(() => expect(within(inbox()).getByText(`${CUSTOMERS.toLocaleString('en')} conversations`)).toBeInTheDocument());
      expect(state().inboxEntries.size).toBe(CUSTOMERS);
      expect(state().conversations.size).toBeLessThanOrEqual(CONVERSATIONS_HELD + HELD_SLACK);
      expect(state().conversations.size).toBeGreaterThanOrEqual(CONVERSATIONS_HELD);
    });

    await step('And the first screenful shows its customers: the longest waiting first', async () => {
      await waitFor(() => expect(rowOf('c0.test')).not.toBeNull());
      expect(rowOf('c0.test')).toHaveAttribute('aria-posinset', '1');
      expect(within(list()).queryByText('Reading this conversation…')).toBeNull();
    });

    await step('And a customer the page no longer holds in full proves who they are with a code post: their conversation closes', async () => {
      const uri = `at://did:plc:c120/app.bsky.feed.post/1`;
      expect(state().conversations.has(uri)).toBe(false);
      await state().verificationPostUsed(uri);
      await waitFor(() => expect(state().inboxEntries.get(uri)?.status).toBe('closed'));
      await waitFor(() => expect(within(inbox()).getByText(`${(CUSTOMERS - 1).toLocaleString('en')} conversations`)).toBeInTheDocument());
    });

    await step('When the agent scrolls down the list, to customers the page no longer holds in full', () => {
      // The latest written are held, and the first screenful however early it was written; customer 100 is neither.
      expect(state().conversations.has(`at://did:plc:c${CUSTOMERS - 1}/app.bsky.feed.post/1`)).toBe(true);
      expect(state().conversations.has(`at://did:plc:c0/app.bsky.feed.post/1`)).toBe(true);
      expect(state().conversations.has(`at://did:plc:c100/app.bsky.feed.post/1`)).toBe(false);
      expect(state().inboxEntries.has(`at://did:plc:c100/app.bsky.feed.post/1`)).toBe(true);
      const element = list();
      element.scrollTop = 100 * ROW_HEIGHT;
      fireEvent.scroll(element);
    });

    const openButtonOf = (posinset: number) =>
      within(list().querySelector(`[aria-posinset="${posinset}"]`) as HTMLElement).getByRole('button', { name: /Customer|Reading/ });
    let focusedByJ: HTMLElement | undefined;
    await step('And, before they are read back, moves down a row with j: the focus lands on the next row, which says it is reading', () => {
      expect(list().querySelector('[aria-posinset="102"]')).toHaveAttribute('aria-busy', 'true');
      const reading = openButtonOf(101);
      expect(reading).toHaveAccessibleName('Reading this conversation…');
      reading.focus();
      fireEvent.keyDown(reading, { key: 'j' });
      focusedByJ = openButtonOf(102);
      expect(document.activeElement).toBe(focusedByJ);
    });

    await step('Then those rows are read back from IndexedDB and show their customers', async () => {
      await waitFor(() => expect(rowOf('c100.test')).toHaveAttribute('aria-busy', 'false'));
      expect(rowOf('c100.test')).toHaveAttribute('aria-posinset', '101');
      expect(within(rowOf('c100.test') as HTMLElement).getByText('@acme.test order 100 is late')).toBeInTheDocument();
      expect(state().conversations.has(`at://did:plc:c100/app.bsky.feed.post/1`)).toBe(true);
    });

    await step('And the focus j moved stayed on its row while it was read back: the same button now names customer 101', () => {
      expect(document.activeElement).toBe(focusedByJ);
      expect(focusedByJ).toHaveAccessibleName(/@c101\.test/);
      expect(focusedByJ).toBeInTheDocument();
    });

    await step('And they stay held while on screen, however many conversations are written meanwhile', async () => {
      const more = Array.from({ length: CONVERSATIONS_HELD + HELD_SLACK }, (_, k) => mention(CUSTOMERS + k));
      for (let first = 0; first < more.length; first += PAGE) await state().ingestSocial(more.slice(first, first + PAGE));
      expect(state().conversations.has(`at://did:plc:c100/app.bsky.feed.post/1`)).toBe(true);
      expect(state().conversations.size).toBeLessThanOrEqual(CONVERSATIONS_HELD + HELD_SLACK);
      expect(rowOf('c100.test')).toHaveAttribute('aria-busy', 'false');
    });
  }, 120_000);
});
