import type { Conversation } from './socialTables';
import { shareValues } from './sharedValues';
import { entryOf, sameEntry, type InboxEntry } from './inboxEntry';

/** Which conversations one update of `conversations` touched (see `conversationsVersion`). */
export interface ConversationChange {
  readonly version: number;
  readonly ids: readonly string[];
  /**
   * Each of `ids`' entry as it was before this update (undefined: new), so the inbox finds a changed
   * conversation's old row by its old sort key (inboxOrder.ts) without an index of every row.
   * Null for an update of more than PATCHABLE_CHANGE conversations (a catch-up page), which the
   * inbox sorts afresh for anyway.
   */
  readonly before: readonly (InboxEntry | undefined)[] | null;
}

/** The store's conversations, their entries and their change log (`SocialSlice`), as the writers below read and update them. */
export interface ConversationsState {
  /** Every conversation the page holds, as its inbox entry. */
  readonly inboxEntries: ReadonlyMap<string, InboxEntry>;
  /** Those of them held in full (heldConversations.ts): the latest changed last. */
  readonly conversations: ReadonlyMap<string, Conversation>;
  readonly conversationsVersion: number;
  readonly conversationChanges: readonly ConversationChange[];
}

/** The most conversations one change names that the inbox moves one by one; past this, sorting everything is cheaper. */
export const PATCHABLE_CHANGE = 256;

/** Changes remembered for the inbox to patch its order from; a reader further behind sorts afresh. */
export const CONVERSATION_CHANGES_KEPT = 32;

type Written = Pick<ConversationsState, 'conversationsVersion' | 'conversationChanges'>;

const logged = (state: ConversationsState, ids: readonly string[], before: ConversationChange['before']): Written => {
  const version = state.conversationsVersion + 1;
  return {
    conversationsVersion: version,
    conversationChanges: [...state.conversationChanges, { version, ids, before }].slice(-CONVERSATION_CHANGES_KEPT),
  };
};

/**
 * Writes changed conversations into the maps IN PLACE and names them in a new version. Copying a
 * 100 000-entry Map for every arriving mention cost tens of ms of main thread per batch; readers
 * subscribe to `conversationsVersion` instead of the maps' identity. Each one written is held in
 * full, as the latest (the held map's order is how recently each was written or read back).
 */
export function conversationsUpdate(state: ConversationsState, changed: readonly Conversation[]): Written {
  const entries = state.inboxEntries as Map<string, InboxEntry>;
  const held = state.conversations as Map<string, Conversation>;
  const before: (InboxEntry | undefined)[] | null = changed.length > PATCHABLE_CHANGE ? null : [];
  for (const conversation of changed) {
    const was = entries.get(conversation.id);
    before?.push(was);
    const entry = entryOf(conversation, was?.id);
    // The same place (a conversation read back, a change the row does not show): the entry keeps its identity, so the inbox moves nothing.
    if (was === undefined || !sameEntry(was, entry)) entries.set(conversation.id, entry);
    held.delete(conversation.id);
    held.set(conversation.id, shareValues(conversation));
  }
  return logged(
    state,
    changed.map((c) => c.id),
    before,
  );
}

/**
 * Removes the conversations `ids` names from the page IN PLACE (those it holds) and names them in a new
 * version, each with its last entry as `before`, so the inbox takes their rows out as it patches.
 */
export function conversationsForget(state: ConversationsState, ids: readonly string[]): Written {
  const entries = state.inboxEntries as Map<string, InboxEntry>;
  const held = state.conversations as Map<string, Conversation>;
  const gone = ids.filter((id) => entries.has(id) || held.has(id));
  const before = gone.length > PATCHABLE_CHANGE ? null : gone.map((id) => entries.get(id));
  for (const id of gone) {
    entries.delete(id);
    held.delete(id);
  }
  return logged(state, gone, before);
}
