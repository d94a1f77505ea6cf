import type { WindowId } from '../events/eventBus';
import type { CallManager } from './calls/callManager';
import type { StandbyMedia } from './calls/standbyMedia';
import type { MediaBroker } from './media/mediaBroker';

export interface MediaReadyDeps {
  readonly broker: Pick<MediaBroker, 'adopt' | 'isClaimed' | 'onHandedOn' | 'ownerOf'>;
  readonly calls: Pick<CallManager, 'list' | 'renegotiateAll' | 'renegotiation'>;
  readonly standby: Pick<StandbyMedia, 'id'>;
}

/** What a page's media engine said in `media:ready`, and which window said it. */
export interface MediaReadyNotice {
  /** The window it came from; none when the request came from no window (then `held` cannot be owned). */
  readonly from: WindowId | undefined;
  /** Absent: a page's first connection, holding no media. Present: a page that reconnected, with what it holds. */
  readonly held: readonly string[] | undefined;
}

/**
 * `media:ready`: a page's media engine listens (again), and main restores the media its calls need.
 *
 * Without a list (a new page, a reload, the Electron shell: a page that holds no media) every live call is
 * renegotiated, every prepared ringing call prepared again, and the standby too, as they always were.
 *
 * With a list (a browser-host page whose socket dropped and came back, as a new window, keeping its media) the
 * page owns again what it lists and main still has (MediaBroker.adopt), and only what then nobody claims is
 * restored: a ringing call whose `prepare` went out while no window was attached (it would otherwise be answered
 * with media made from scratch), a live call whose page is gone, the standby. Renegotiating a call the page still
 * plays would re-offer it for nothing; one another page plays is that page's; one whose page's connection closed
 * waits for that page (OWNER_RETURN_GRACE_MS from when a page is back to take it): it is likely about to list
 * it, and otherwise `restoreHandedOn` restores it when the grace ends. A call the page lists whose answer came back
 * while the page was away was applied nowhere (`Renegotiation.isOutOfStep`): it is renegotiated in that page.
 */
export function mediaReady({ broker, calls, standby }: MediaReadyDeps, { from, held }: MediaReadyNotice): Promise<void> {
  if (held === undefined || from === undefined) return calls.renegotiateAll('media-restarted');
  const known = new Set(calls.list().map((call) => call.id));
  if (standby.id !== null) known.add(standby.id);
  // An id main no longer has ended while the page was away: the page releases it after its read of main (MediaEngine.reconcile).
  broker.adopt(
    from,
    held.filter((callId) => known.has(callId)),
  );
  const inStepInItsPage = (callId: string): boolean => !(calls.renegotiation.isOutOfStep(callId) && broker.ownerOf(callId) !== undefined);
  return calls.renegotiateAll('media-restarted', (callId) => broker.isClaimed(callId) && inStepInItsPage(callId));
}

/**
 * Restores, on a window that is attached, the media of the calls the broker hands on: their page did not come back
 * within the grace, or let them go as it closed for good (`media:release`). Only those, since everything else is
 * either claimed or waits for a page's `media:ready`. Returns the unsubscribe.
 */
export function restoreHandedOn({ broker, calls }: Pick<MediaReadyDeps, 'broker' | 'calls'>): () => void {
  return broker.onHandedOn((callIds) => {
    const unclaimed = new Set(callIds);
    // renegotiateAll logs each call's failure itself and never rejects.
    void calls.renegotiateAll('media-restarted', (callId) => broker.isClaimed(callId) || !unclaimed.has(callId));
  });
}
