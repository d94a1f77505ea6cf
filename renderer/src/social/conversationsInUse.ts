import type { InboxSlice } from './inboxSlice';
import type { InboxEntry } from './inboxEntry';
import type { OfflineSlice } from './offline/offlineSlice';
import type { CallMessageSlice } from './offline/callMessageSlice';

/** What the desk has open, from the slices that hold it (not the whole store's type: this is no slice). */
type DeskOpen = Pick<InboxSlice, 'selectedConversationId' | 'inboxChecked'> &
  Pick<OfflineSlice, 'offlineDialog' | 'offlineCase'> &
  Pick<CallMessageSlice, 'callMessage'> &
  /** The context panel's customer of a conversation (context/conversationCustomerSlice.ts; social/ may not import that feature). */
  { readonly conversationAuthor: { readonly conversationId: string } | null };

/** The conversations the desk has open (selected, ticked, in a case or a call's message): never let go of. */
export function conversationsInUse(state: DeskOpen): ReadonlySet<string | null | undefined> {
  return new Set([
    state.selectedConversationId,
    ...state.inboxChecked,
    state.offlineDialog?.conversationId,
    state.offlineCase?.conversationId,
    state.offlineCase?.privateConversationId,
    state.callMessage?.target?.conversationId,
    state.conversationAuthor?.conversationId,
  ]);
}

/** Whether the page keeps what it knows of conversation `id` (its claim): it holds the conversation, or has it open. */
export function pageKeeps(state: DeskOpen & { readonly inboxEntries: ReadonlyMap<string, InboxEntry> }): (id: string) => boolean {
  const inUse = conversationsInUse(state);
  return (id) => state.inboxEntries.has(id) || inUse.has(id);
}
