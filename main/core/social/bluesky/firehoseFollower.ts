import type { Logger } from '../../log/logger';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../time/backoff';
import { TimerSlot, type Clock } from '../../time/clock';
import type { FollowBatch, IncomingItem, StopFollowing } from '../connector';
import type { FirstConnection } from './backfill';
import { FirehoseSubscription, type FirehoseEvent } from './firehose';

/**
 * Following the firehose for the team's ingester (`ChannelConnector.follow`):
 * the same stream a solo desk reads, but what it yields goes to `onBatch`
 * (the team database) instead of the desk's journal, and the resume point is
 * the cursor the team stored, not this desk's file.
 *
 * One batch per event that produced items, handed over only after the
 * previous one settled (the subscription runs handlers one at a time). Events
 * without items move the cursor too, written at most once a second: a
 * restart from a cursor a little behind replays a few events, which the
 * database drops by URI. An event the connector cannot turn into items is
 * logged and skipped, so one bad record never stops the stream. A rejected
 * `onBatch` means this desk no longer leads: nothing more is delivered. A
 * dropped stream is reopened after a backoff from the last handed-over event.
 */
export interface FirehoseFollowerOptions {
  readonly service: string;
  readonly cursor: string | null;
  /** Resolves once the connector can classify commits (it knows the brand's DID). */
  readonly ready: Promise<void>;
  readonly itemsOf: (event: FirehoseEvent) => Promise<readonly IncomingItem[]>;
  readonly onBatch: (batch: FollowBatch) => Promise<void>;
  readonly log: Logger;
  readonly clock: Clock;
  /** How a dropped stream is retried (the connector's own options). */
  readonly retry: { readonly backoff?: BackoffPolicy; readonly random?: () => number };
  /**
   * The team has no cursor yet: what was posted before (backfill.ts). Decided
   * once the connector is ready: the AppView's items are handed over with the
   * first event's batch, so they travel with a cursor the team can store; a
   * replay starts the stream at its cursor (the connector's `itemsOf` filters it).
   */
  readonly backfill?: (() => FirstConnection) | undefined;
}

const EMPTY_CURSOR_EVERY_MS = 1_000;

export function followFirehose(options: FirehoseFollowerOptions): StopFollowing {
  const retry = new TimerSlot(options.clock);
  let stopped = false;
  let subscription: FirehoseSubscription | null = null;
  let handed = options.cursor === null || !/^\d+$/.test(options.cursor) ? null : Number(options.cursor);
  /** Where the first subscription starts when nothing was handed over yet: the live tip, or a replay's cursor. */
  let firstCursor: number | null = null;
  let cursorWrittenAt = options.clock.now();
  let attempt = 0;
  let backfilled: readonly IncomingItem[] = [];

  const stop = () => {
    stopped = true;
    retry.cancel();
  };

  const onEvent = async (event: FirehoseEvent): Promise<void> => {
    if (stopped || event.type === 'info') return;
    let items: readonly IncomingItem[] = [];
    try {
      items = await options.itemsOf(event);
    } catch (error: unknown) {
      options.log.warn('bluesky: skipped a firehose event the desk could not read', { seq: event.seq, error: String(error) });
    }
    if (event.seq === null || stopped) return;
    if (backfilled.length > 0) {
      items = [...backfilled, ...items];
      backfilled = [];
    }
    const now = options.clock.now();
    // The first position is stored at once: without it a new leader would start at the live tip and miss what came between.
    if (items.length === 0 && handed !== null && now - cursorWrittenAt < EMPTY_CURSOR_EVERY_MS) {
      handed = event.seq;
      return;
    }
    try {
      await options.onBatch({ items, cursor: String(event.seq) });
    } catch (error: unknown) {
      // This desk lost the lead: deliver nothing more (the subscription stops on this throw).
      stop();
      throw error;
    }
    handed = event.seq;
    cursorWrittenAt = now;
  };

  const open = () => {
    if (stopped) return;
    subscription = new FirehoseSubscription({
      service: options.service,
      cursor: handed ?? firstCursor,
      onOpen: () => {
        attempt = 0;
      },
      onEvent,
      onClose: (reason) => {
        subscription = null;
        if (stopped) return;
        options.log.warn('bluesky: the ingester lost the firehose; reopening', { reason });
        attempt += 1;
        retry.arm(backoffDelay(attempt, options.retry.random, options.retry.backoff ?? DEFAULT_BACKOFF), open);
      },
      onBadFrame: (error) => options.log.warn('bluesky: undecodable firehose frame', { error: String(error) }),
    });
  };

  const backfill = options.backfill;
  void options.ready
    .then(async () => {
      if (backfill === undefined) return;
      const first = backfill();
      firstCursor = first.cursor;
      backfilled = await first.items;
    })
    .then(open);
  return async () => {
    stop();
    const current = subscription;
    subscription = null;
    await current?.close();
  };
}
