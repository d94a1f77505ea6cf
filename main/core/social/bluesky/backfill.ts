import type { AppBskyNotificationListNotifications, AtpAgent } from '@atproto/api';
import type { Logger } from '../../log/logger';
import { backoffCeiling, DEFAULT_BACKOFF } from '../../time/backoff';
import type { Clock } from '../../time/clock';
import type { ConnectorSink, IncomingItem } from '../connector';
import { classifyPost, parseAtUri, POST, type PostRecord } from './commits';
import { EARLIEST_CURSOR, FirehoseReplay } from './firehoseReplay';

/**
 * Backfill (issue 12): on an account's first connection there is no firehose
 * cursor, and following from "now" would hide everything posted before the
 * agent started the day. So, once, the desk reads the brand's recent
 * notifications from the AppView (`app.bsky.notification.listNotifications`,
 * which the PDS proxies) and hands the mentions, replies and quotes inside the
 * window to the same sink as live items. The journal (solo) and the team
 * database (team) drop a URI they already hold, so an item that arrives both
 * ways (posted while the backfill runs) is kept once.
 *
 * Why the AppView first, and the firehose's earliest cursor only without one:
 * a relay replays days of the whole network, and a PDS's replay carries only
 * the repos it hosts. A service with no AppView (a bare PDS) has only its
 * replay: see firehoseReplay.ts.
 *
 * The pure part (what to keep) is {@link selectBackfill}; {@link readBackfill}
 * pages the AppView.
 */
export const DEFAULT_BACKFILL_HOURS = 24;
/** An agent's queue, not an archive: past this many items the oldest wait for search. */
export const BACKFILL_CAP = 200;
const PAGE_SIZE = 50;
/** Pages read at most, whatever the AppView answers: a bound on the work one login can cause. */
const MAX_PAGES = 20;
const HOUR_MS = 3_600_000;

export type Notification = AppBskyNotificationListNotifications.Notification;

/** One post the backfill keeps, classified as the live path would classify it. */
export interface BackfillPost {
  readonly uri: string;
  readonly cid: string;
  readonly authorDid: string;
  readonly post: PostRecord;
  readonly kind: 'mention' | 'reply' | 'quote';
}

/** The oldest moment the backfill reaches: `hours` before now (0 turns backfill off). */
export function backfillSince(now: number, hours: number): number {
  return now - Math.max(0, hours) * HOUR_MS;
}

const ADDRESSED = new Set(['mention', 'reply', 'quote']);

/**
 * The notifications worth an agent's attention, newest first as listed: posts
 * (not likes or follows) addressed to the brand, indexed inside the window,
 * each URI once, at most `cap`. The kind comes from the record itself, as on
 * the live path (`classifyPost`), so a backfilled reply and a live one look
 * the same; the notification's reason is only the fallback.
 */
export function selectBackfill(
  notifications: readonly Notification[],
  options: { readonly since: number; readonly cap: number; readonly brandDid: string; readonly seen?: ReadonlySet<string> },
): BackfillPost[] {
  const kept: BackfillPost[] = [];
  const seen = new Set(options.seen);
  for (const notification of notifications) {
    if (kept.length >= options.cap) break;
    if (!ADDRESSED.has(notification.reason) || seen.has(notification.uri)) continue;
    if (parseAtUri(notification.uri)?.collection !== POST || notification.author.did === options.brandDid) continue;
    const indexedAt = Date.parse(notification.indexedAt);
    if (!Number.isFinite(indexedAt) || indexedAt < options.since) continue;
    const post = notification.record as PostRecord;
    const kind = classifyPost(post, options.brandDid) ?? (notification.reason as BackfillPost['kind']);
    seen.add(notification.uri);
    kept.push({ uri: notification.uri, cid: notification.cid, authorDid: notification.author.did, post, kind });
  }
  return kept;
}

/** True once a page reaches past the window: older pages can only hold older notifications. */
function reachedWindowStart(page: readonly Notification[], since: number): boolean {
  const last = page.at(-1);
  return last === undefined || Date.parse(last.indexedAt) < since;
}

/**
 * Reads the window from the AppView, page by page, and returns the posts to
 * ingest oldest first (the order they were posted in, as the live path
 * delivers them). Throws when the AppView cannot be read.
 */
export async function readBackfill(
  agent: AtpAgent,
  options: { readonly since: number; readonly brandDid: string; readonly cap?: number },
): Promise<BackfillPost[]> {
  const cap = options.cap ?? BACKFILL_CAP;
  const kept: BackfillPost[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES && kept.length < cap; page += 1) {
    const { data } = await agent.app.bsky.notification.listNotifications({ limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) });
    const selected = selectBackfill(data.notifications, { since: options.since, cap: cap - kept.length, brandDid: options.brandDid, seen });
    for (const post of selected) seen.add(post.uri);
    kept.push(...selected);
    if (data.cursor === undefined || data.cursor === cursor || reachedWindowStart(data.notifications, options.since)) break;
    cursor = data.cursor;
  }
  return kept.reverse();
}

/** The items of a backfill, built as the live path builds them. */
export type BuildPost = (uri: string, cid: string, post: PostRecord, kind: IncomingItem['kind'], authorDid: string) => Promise<IncomingItem>;

export async function backfillItems(posts: readonly BackfillPost[], build: BuildPost): Promise<IncomingItem[]> {
  const items: IncomingItem[] = [];
  for (const post of posts) items.push(await build(post.uri, post.cid, post.post, post.kind, post.authorDid));
  return items;
}

/**
 * How the first connection starts: where the firehose subscription begins, the
 * replay window that filters what it replays (firehoseReplay.ts), and the
 * AppView's items. With an AppView the stream starts at the live tip and the
 * items come from the AppView; without one the stream starts at the earliest
 * cursor and the replay window does the backfill.
 */
export interface FirstConnection {
  /** `null`: the live tip; a number: that firehose cursor. */
  readonly cursor: number | null;
  readonly replay: FirehoseReplay | null;
  readonly items: Promise<IncomingItem[]>;
}

const LIVE: FirstConnection = { cursor: null, replay: null, items: Promise.resolve([]) };

/**
 * The connector's side: one backfill per process and account, never throwing.
 * The first call decides how: from the AppView when the service has one (an
 * AppView that then cannot be read leaves the desk following live, and says
 * so in the log), else by replaying the firehose. A later call before the
 * first firehose event (a reconnect) repeats nothing: it follows live, or, in a
 * replay, starts the replay over (the journal drops what it already holds).
 */
export class FirstConnectionBackfill {
  #decided: FirstConnection | null = null;

  constructor(
    private readonly deps: {
      readonly agent: AtpAgent;
      readonly build: BuildPost;
      readonly context: { readonly accountId: string; readonly log: Logger; readonly clock: Clock };
      readonly hours: number | undefined;
    },
  ) {}

  once(brandDid: string | null, appView: boolean): FirstConnection {
    const hours = this.deps.hours ?? DEFAULT_BACKFILL_HOURS;
    if (this.#decided !== null) return this.#decided.replay === null ? LIVE : { ...this.#decided, items: Promise.resolve([]) };
    if (brandDid === null || hours <= 0) return LIVE;
    const { accountId, log, clock } = this.deps.context;
    const since = backfillSince(clock.now(), hours);
    if (!appView) {
      log.info('bluesky: no AppView; the first connection replays the firehose from its earliest cursor', { account: accountId, hours });
      this.#decided = { cursor: EARLIEST_CURSOR, replay: new FirehoseReplay(since, clock.now()), items: Promise.resolve([]) };
      return this.#decided;
    }
    this.#decided = { cursor: null, replay: null, items: this.#fromAppView(brandDid, since, hours) };
    return this.#decided;
  }

  /**
   * Hands the AppView's items to the sink until it takes them. They are read
   * once (a reconnect follows live, and the firehose cursor saved at the first
   * live event means no later start backfills), so a delivery the journal
   * refuses (a full disk) is tried again, waiting longer each time up to the
   * backoff's cap, rather than lost; until the connector stops.
   */
  async deliver(items: Promise<IncomingItem[]>, sink: ConnectorSink, stopped: () => boolean): Promise<void> {
    const { accountId, log, clock } = this.deps.context;
    const backfilled = await items;
    for (let attempt = 1; backfilled.length > 0 && !stopped(); attempt += 1) {
      try {
        await sink.deliver(backfilled);
        return;
      } catch (error: unknown) {
        log.warn('bluesky: could not journal the backfill; trying again', { account: accountId, error: String(error) });
      }
      // A local disk, not a server many seats hit at once: the plain doubling, no jitter.
      await new Promise<void>((resolve) => clock.setTimeout(resolve, backoffCeiling(attempt, DEFAULT_BACKOFF)));
    }
  }

  async #fromAppView(brandDid: string, since: number, hours: number): Promise<IncomingItem[]> {
    const { accountId, log } = this.deps.context;
    try {
      const posts = await readBackfill(this.deps.agent, { since, brandDid });
      const items = await backfillItems(posts, this.deps.build);
      log.info('bluesky: backfilled the first connection', { account: accountId, items: items.length, hours });
      return items;
    } catch (error: unknown) {
      log.warn('bluesky: no backfill (the AppView could not be read); following live only', { account: accountId, error: String(error) });
      return [];
    }
  }
}
