/**
 * A fake social network for the ingester's tests: posts numbered from 1, and
 * a cursor that is the number of the last post handed over. Each desk
 * follows it through its own {@link FakeIngestSource}, as each desk would
 * open its own stream to the real network. Like a real firehose it delivers
 * at least once: a follower that resumes from a cursor gets the last
 * `overlap` posts before it again.
 */
import type { IngestItem, IngestSource, StopFollowing } from '../../../../main/core/team/ingester';

/** Where the posts' times start (any fixed instant: the conversations' last_item_at is checked against it). */
export const FAKE_EPOCH = Date.parse('2026-12-01T09:00:00Z');
export const FAKE_CONVERSATIONS = 10;

export function fakePost(n: number): IngestItem {
  const thread = n % FAKE_CONVERSATIONS;
  return {
    uri: `at://did:plc:fake-customer-${thread}/app.bsky.feed.post/${n}`,
    conversationId: `fake-thread-${thread}`,
    authorDid: `did:plc:fake-customer-${thread}`,
    at: FAKE_EPOCH + n * 1_000,
    payload: { n, text: `fake post ${n}` },
  };
}

/** Called before a batch is handed to a follower; the test's way to act in the middle of the stream. */
export type BeforeBatch = (follower: string, firstPost: number, lastPost: number) => Promise<void> | void;

export class FakeIngestNetwork {
  readonly #posts: IngestItem[] = [];
  readonly #waiting = new Set<() => void>();
  beforeBatch: BeforeBatch = () => undefined;

  constructor(
    readonly batchSize: number,
    readonly overlap: number,
  ) {}

  publish(count: number): void {
    for (let index = 0; index < count; index += 1) this.#posts.push(fakePost(this.#posts.length + 1));
    this.#wakeAll();
  }

  /** The next posts after `next` (0-based), or after the next publish. */
  async postsAfter(next: number, isStopped: () => boolean): Promise<IngestItem[]> {
    while (next >= this.#posts.length && !isStopped()) await new Promise<void>((resolve) => this.#waiting.add(resolve));
    return this.#posts.slice(next, next + this.batchSize);
  }

  #wakeAll(): void {
    const waiting = [...this.#waiting];
    this.#waiting.clear();
    for (const wake of waiting) wake();
  }

  source(follower: string): FakeIngestSource {
    return new FakeIngestSource(this, follower, () => this.#wakeAll());
  }
}

export class FakeIngestSource implements IngestSource {
  /** The cursor of every `follow` call, in order: where each lead resumed. */
  readonly followedFrom: (string | null)[] = [];
  /** The numbers of the posts handed over and accepted by the ingester. */
  readonly accepted: number[] = [];

  constructor(
    private readonly network: FakeIngestNetwork,
    private readonly follower: string,
    private readonly wake: () => void,
  ) {}

  follow(cursor: string | null, onBatch: Parameters<IngestSource['follow']>[1]): StopFollowing {
    this.followedFrom.push(cursor);
    let stopped = false;
    const isStopped = () => stopped;
    const done = (async () => {
      let next = cursor === null ? 0 : Math.max(0, Number(cursor) - this.network.overlap);
      for (;;) {
        const items = await this.network.postsAfter(next, isStopped);
        if (stopped) return;
        await this.network.beforeBatch(this.follower, next + 1, next + items.length);
        if (stopped) return;
        try {
          await onBatch({ items, cursor: String(next + items.length) });
        } catch {
          return;
        }
        for (let n = next + 1; n <= next + items.length; n += 1) this.accepted.push(n);
        next += items.length;
      }
    })();
    return async () => {
      stopped = true;
      this.wake();
      await done;
    };
  }
}
