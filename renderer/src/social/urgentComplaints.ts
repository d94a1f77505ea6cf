import type { ConversationChange } from './conversationChanges';
import type { InboxEntry } from './inboxEntry';

export interface AnnouncerMemory {
  /**
   * Conversations already announced (or already urgent when the desk loaded): not announced again while
   * the page holds them. One the page lets go of (closed over a week ago, closedInMemory.ts) leaves, so
   * the set holds no more than the inbox does; if it comes back urgent, that is news again.
   */
  readonly announced: Set<string>;
  /** The `conversationsVersion` last looked at; -1 before the first load. */
  version: number;
}

/**
 * The urgent complaints to announce after an update, oldest first, from the page's entries
 * (inboxEntry.ts: every conversation it holds says whether it is one). The first
 * call only remembers what is already urgent: a desk that opens on a backlog
 * shows it in the inbox, it does not read it out. Later calls look only at
 * the conversations the change log names, or at all of them when the log no
 * longer reaches back (a reload, or a reader far behind). Either way, an id
 * it finds no longer held leaves `announced`.
 */
export function urgentComplaintsToAnnounce(
  memory: AnnouncerMemory,
  conversations: ReadonlyMap<string, InboxEntry>,
  version: number,
  changes: readonly Pick<ConversationChange, 'version' | 'ids'>[],
): InboxEntry[] {
  const first = memory.version < 0;
  const oldest = changes[0]?.version ?? version;
  const reachable = !first && version >= memory.version && oldest <= memory.version + 1;
  const ids = reachable ? changes.filter((change) => change.version > memory.version).flatMap((change) => change.ids) : [...conversations.keys()];
  memory.version = version;
  const fresh: InboxEntry[] = [];
  // Looking at everything: what the page no longer holds (let go of while the log did not reach it) goes.
  if (!reachable) for (const id of memory.announced) if (!conversations.has(id)) memory.announced.delete(id);
  for (const id of new Set(ids)) {
    const conversation = conversations.get(id);
    // A change that names a conversation the map no longer holds is the page letting it go (conversationsForget).
    if (conversation === undefined) {
      memory.announced.delete(id);
      continue;
    }
    if (memory.announced.has(id) || !conversation.urgentComplaint) continue;
    memory.announced.add(id);
    if (!first) fresh.push(conversation);
  }
  return fresh;
}
