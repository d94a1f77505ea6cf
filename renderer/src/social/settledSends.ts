import type { OutboxEntry } from '@tandem/contract';
import type { SocialSend } from './socialTables';

/** The page's outbox and this session's sends, as {@link settledSends} reads and trims them. */
export interface SendsState {
  readonly socialOutbox: Readonly<Record<string, OutboxEntry>>;
  readonly sends: Readonly<Record<string, readonly SocialSend[]>>;
}

export interface SettledSends {
  /** The outbox and sends without the settled ones; null when none left. */
  readonly patch: SendsState | null;
  /** The sent replies and messages this pass saw and kept: the next pass lets them go. */
  readonly seen: Set<string>;
}

/**
 * Which sends leave the page at this pass of `forgetClosedConversations` (hourly, when traffic arrives).
 * Every send's outbox entry was kept for as long as the page ran, one per reply, message and like.
 *
 * A reply or message main says is `sent` leaves the outbox and this session's list of sends at the second
 * pass that finds it sent (`seenBefore`: an hour at least, long after its item showed in the thread), with
 * its send, so the list never shows it "unconfirmed" with a Retry. That is the page a reload gives:
 * main's snapshot lists no sent reply or message, and IndexedDB forgot the send when it was sent
 * (`forgetSend`). Nothing can send its clientId again: its draft took a new clientId when main took it
 * (`draftAccepted`), and Retry needs the send. A send of a conversation the agent has open stays.
 *
 * Never let go: an entry queued or sending (its reply may not be out yet), or failed (Retry sends it; there
 * is no dismissing a failure), and a sent like: it is the only record that the brand liked the post (a like
 * has no journal item), the post would read "Like" again and a click would like it twice. Main remembers
 * 2 000 sent likes and lists them on every load, so they are bounded there.
 */
export function settledSends(state: SendsState, seenBefore: ReadonlySet<string>, inUse: (conversationId: string) => boolean): SettledSends {
  const conversationOf = new Map<string, string>();
  for (const [conversationId, list] of Object.entries(state.sends)) for (const send of list) conversationOf.set(send.clientId, conversationId);
  const seen = new Set<string>();
  const gone = new Set<string>();
  for (const entry of Object.values(state.socialOutbox)) {
    if (entry.state !== 'sent' || entry.kind === 'like') continue;
    const conversationId = conversationOf.get(entry.clientId);
    if (seenBefore.has(entry.clientId) && (conversationId === undefined || !inUse(conversationId))) gone.add(entry.clientId);
    else seen.add(entry.clientId);
  }
  if (gone.size === 0) return { patch: null, seen };
  const socialOutbox = Object.fromEntries(Object.entries(state.socialOutbox).filter(([clientId]) => !gone.has(clientId)));
  const sends: Record<string, readonly SocialSend[]> = {};
  for (const [conversationId, list] of Object.entries(state.sends)) {
    const kept = list.filter((send) => !gone.has(send.clientId));
    if (kept.length > 0 || list.length === 0) sends[conversationId] = kept.length === list.length ? list : kept;
  }
  return { patch: { socialOutbox, sends }, seen };
}
