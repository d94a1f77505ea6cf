import { act, screen, waitFor } from '@testing-library/react';
import { expect } from 'vitest';
import { openTandemDb } from '../../../renderer/src/data/db';
import type { Conversation } from '../../../renderer/src/social/socialTables';
import { entryOf, type InboxEntry } from '../../../renderer/src/social/inboxEntry';
import type { Desk } from '../../../renderer/src/startDesk';
import { renderDesk } from '../renderer/deskFixture';
import { storedConversation, type SocialHost } from './socialFakes';

/*
 * The inbox's load and timing stories fill a desk's inbox with many customers at once. They put
 * the conversations straight into the store, as one load from IndexedDB would, rather than writing
 * thousands of rows to fake-indexeddb first.
 */

/** Maya's desk on its own database, once the agent's name is shown and the (empty) inbox has loaded. */
export async function openLoadedInbox(host: SocialHost, dbName: string): Promise<Desk> {
  const desk = renderDesk(host, { db: openTandemDb(dbName), media: null, notifications: null });
  await screen.findByText('Maya Lopez');
  await waitFor(() => expect(desk.store.getState().conversationsLoaded).toBe(true));
  return desk;
}

/** `count` conversations (`storedConversation` 0 to count - 1) whose customers have all waited since `since`. */
export function waitingConversations(count: number, since: number): Map<string, Conversation> {
  const conversations = new Map<string, Conversation>();
  for (let i = 0; i < count; i += 1) {
    const conversation = storedConversation(i, since, { firstWaitingSince: since });
    conversations.set(conversation.id, conversation);
  }
  return conversations;
}

/** The store's maps when the page holds exactly these conversations, every one in full. */
export function heldInFull(conversations: Map<string, Conversation>): { inboxEntries: Map<string, InboxEntry>; conversations: Map<string, Conversation> } {
  return { inboxEntries: new Map([...conversations].map(([id, conversation]) => [id, entryOf(conversation)])), conversations };
}

/** The inbox holds exactly these conversations, as after a load. */
export function showInbox(desk: Desk, conversations: Map<string, Conversation>): void {
  act(() => desk.store.setState((state) => ({ ...heldInFull(conversations), conversationsVersion: state.conversationsVersion + 1, conversationChanges: [] })));
}
