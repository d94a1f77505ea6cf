import type { Conversation } from './socialTables';
import { shareValues } from './sharedValues';

/** Which conversations one update of `conversations` touched (see `conversationsVersion`). */
export interface ConversationChange {
  readonly version: number;
  readonly ids: readonly string[];
  /**
   * Each of `ids` as it was before this update (undefined: new), so the inbox finds a changed
   * conversation's old row by its old sort key (inboxOrder.ts) without an index of every row.
   * Null for an update of more than PATCHABLE_CHANGE conversations (a catch-up page), which the
   * inbox sorts afresh for anyway: the log does not keep thousands of replaced conversations alive.
   */
  readonly before: readonly (Conversation | undefined)[] | null;
}

/** The store's conversations and their change log (`SocialSlice`), as the writers below read and update them. */
export interface ConversationsState {
  readonly conversations: ReadonlyMap<string, Conversation>;
  readonly conversationsVersion: number;
  readonly conversationChanges: readonly ConversationChange[];
}

/** The most conversations one change names that the inbox moves one by one; past this, sorting everything is cheaper. */
export const PATCHABLE_CHANGE = 256;

/** Changes remembered for the inbox to patch its order from; a reader further behind sorts afresh. */
export const CONVERSATION_CHANGES_KEPT = 32;

/**
 * Writes changed conversations into the map IN PLACE and names them in a new version. Copying a
 * 100 000-entry Map for every arriving mention cost tens of ms of main thread per batch; readers
 * subscribe to `conversationsVersion` instead of the map's identity.
 */
export function conversationsUpdate(
  state: ConversationsState,
  changed: readonly Conversation[],
): Pick<ConversationsState, 'conversationsVersion' | 'conversationChanges'> {
  const map = state.conversations as Map<string, Conversation>;
  const before: (Conversation | undefined)[] | null = changed.length > PATCHABLE_CHANGE ? null : [];
  for (const conversation of changed) {
    before?.push(map.get(conversation.id));
    map.set(conversation.id, shareValues(conversation));
  }
  const version = state.conversationsVersion + 1;
  return {
    conversationsVersion: version,
    conversationChanges: [...state.conversationChanges, { version, ids: changed.map((c) => c.id), before }].slice(-CONVERSATION_CHANGES_KEPT),
  };
}

/**
 * Removes the conversations `ids` names from the map IN PLACE (those it holds) and names them in a new
 * version, each with its last state as `before`, so the inbox takes their rows out as it patches.
 */
export function conversationsForget(
  state: ConversationsState,
  ids: readonly string[],
): Pick<ConversationsState, 'conversationsVersion' | 'conversationChanges'> {
  const map = state.conversations as Map<string, Conversation>;
  const gone = ids.filter((id) => map.has(id));
  const before = gone.length > PATCHABLE_CHANGE ? null : gone.map((id) => map.get(id));
  for (const id of gone) map.delete(id);
  const version = state.conversationsVersion + 1;
  return {
    conversationsVersion: version,
    conversationChanges: [...state.conversationChanges, { version, ids: gone, before }].slice(-CONVERSATION_CHANGES_KEPT),
  };
}
