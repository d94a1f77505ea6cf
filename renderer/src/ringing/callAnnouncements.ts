import type { CallInfo } from '@tandem/contract';

/**
 * What the desk says aloud about calls, through one assertive live region (components/CallAnnouncements.tsx):
 * a screen-reader user hears who is calling without leaving the reply they are typing, and hears the call
 * go on hold and end. Each is said once per call; the visible call card keeps showing the state.
 */
export type CallAnnouncement =
  | { readonly kind: 'incoming'; readonly callId: string; readonly caller: string }
  | { readonly kind: 'held'; readonly callId: string }
  | { readonly kind: 'ended'; readonly callId: string };

/** What has been said, per call; kept by the announcer between updates. */
export interface AnnouncementMemory {
  /** Calls whose ring was announced. */
  readonly rang: Set<string>;
  /** Calls on hold when last seen (announced when they went there). */
  readonly held: Set<string>;
  /** Live calls last seen: one that leaves the list (or ends) is announced as ended. */
  readonly live: Set<string>;
}

export const newAnnouncementMemory = (): AnnouncementMemory => ({ rang: new Set(), held: new Set(), live: new Set() });

/**
 * The announcements one update of the calls brings, oldest cause first. `callerOf` names a ringing caller,
 * or answers undefined while the screen pop is still reading: the ring is then announced on a later update,
 * with the customer's name rather than the network's (a pop settles within tens of milliseconds).
 */
export function callAnnouncements(
  memory: AnnouncementMemory,
  calls: readonly CallInfo[],
  callerOf: (call: CallInfo) => string | undefined,
): CallAnnouncement[] {
  const said: CallAnnouncement[] = [];
  const present = new Set<string>();
  for (const call of calls) {
    if (call.state === 'ended') continue;
    present.add(call.id);
    if (call.direction === 'inbound' && call.state === 'ringing' && !memory.rang.has(call.id)) {
      const caller = callerOf(call);
      if (caller !== undefined) {
        memory.rang.add(call.id);
        said.push({ kind: 'incoming', callId: call.id, caller });
      }
    }
    if (call.state === 'held' && !memory.held.has(call.id)) {
      memory.held.add(call.id);
      said.push({ kind: 'held', callId: call.id });
    } else if (call.state !== 'held') memory.held.delete(call.id);
  }
  for (const id of memory.live) {
    if (present.has(id)) continue;
    said.push({ kind: 'ended', callId: id });
    memory.rang.delete(id);
    memory.held.delete(id);
  }
  memory.live.clear();
  for (const id of present) memory.live.add(id);
  return said;
}
