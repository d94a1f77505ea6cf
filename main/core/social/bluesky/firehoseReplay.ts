import type { IncomingItem } from '../connector';

/**
 * Backfill without an AppView (issue 12 §3): the firehose's earliest cursor.
 *
 * A service with no AppView (a bare PDS: every `app.bsky.*` read fails) has no
 * list of notifications to read, but its firehose keeps a window of past
 * events and replays them to a subscriber that asks for cursor 0 (the
 * `subscribeRepos` spec: a cursor older than what the server keeps starts at
 * its oldest event). So the first connection subscribes from there, keeps the
 * replayed posts of the backfill window that address the brand, and goes on
 * live on the same stream: there is no seam where an event could be missed or
 * delivered twice, and the journal still drops a URI it holds.
 *
 * What counts as replayed: an event the server sequenced before this desk
 * asked (its `time` is older than `openedAt`). A replayed post is kept when
 * both the commit's time and the record's own `createdAt` fall inside the
 * window: the commit time because a PDS may keep weeks of events, `createdAt`
 * because an imported or backdated post is as old as it says. Only posts
 * addressed to the brand are kept (mentions, replies, quotes), as the AppView
 * path keeps them; listening matches and the brand's own replies of the past
 * day are not a queue. Once an event sequenced after `openedAt` arrives, the
 * replay is over and everything is live.
 *
 * The cost: a PDS replays only the repos it hosts, and a relay replays the
 * whole network for as long as it keeps events (days); the desk reads that once,
 * at the first connection, and keeps a few.
 */
export const EARLIEST_CURSOR = 0;

const KEPT_KINDS: ReadonlySet<IncomingItem['kind']> = new Set(['mention', 'reply', 'quote']);

export class FirehoseReplay {
  #live = false;

  constructor(
    /** The oldest moment kept (ms since the epoch). */
    readonly since: number,
    /** When the desk subscribed: events sequenced before it are replayed. */
    readonly openedAt: number,
  ) {}

  /** True once the stream has reached events sequenced after the desk subscribed. */
  get live(): boolean {
    return this.#live;
  }

  /**
   * Whether a post of a commit sequenced at `time` (ISO, the frame's field) is
   * delivered. Live events always are; a replayed one only inside the window
   * and addressed to the brand.
   */
  keeps(time: string | null, kind: IncomingItem['kind'], createdAt: unknown): boolean {
    if (this.#live) return true;
    const sequencedAt = time === null ? Number.NaN : Date.parse(time);
    if (sequencedAt >= this.openedAt) {
      this.#live = true;
      return true;
    }
    if (!KEPT_KINDS.has(kind)) return false;
    const created = typeof createdAt === 'string' ? Date.parse(createdAt) : Number.NaN;
    // A frame without a time is judged by its record alone: better one old post kept than a live one lost.
    const inWindow = (at: number) => Number.isFinite(at) && at >= this.since;
    return inWindow(created) && (Number.isNaN(sequencedAt) || inWindow(sequencedAt));
  }
}
