import { open, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SocialItem } from '@tandem/contract';
import type { Logger } from '../log/logger';
import { ensurePrivateDir, isMissing, tightenFile } from '../storage/privateFs';
import type { IncomingItem } from './connector';
import { fileLines, rewriteKeeping, type LineRange } from './journalFile';
import { FileLines, MemoryLines, openAppender, type JournalLines, type OpenAppender } from './journalLines';

/** How long the journal keeps an item after the desk received it (items older are in every window's IndexedDB copy). */
export const JOURNAL_RETENTION_MS = 30 * 86_400_000;

/** How often a running desk lets go of the items past the retention: an hour's items are a small read, and a month's retention has no use for a finer edge. */
export const JOURNAL_EXPIRY_EVERY_MS = 3_600_000;

/** How many of the oldest items `expire` reads back at a time to learn what it forgets. */
const EXPIRY_BATCH = 256;

export interface JournalOptions {
  /** Now, for the retention (the desk's clock). */
  readonly now?: number;
  readonly retentionMs?: number;
  /** The file's read size (tests cut lines across chunks). */
  readonly chunkBytes?: number;
  /** How the file is opened for appending (tests stand in a disk that fails a write). */
  readonly openAppender?: OpenAppender;
}

/**
 * The social journal: every item the desk keeps, numbered with a local `seq`
 * that only grows, so a window can always ask "everything after N". It is a
 * JSON-lines file: one item per line, appended and fsynced before the item is
 * announced. On open, a torn last line (the app died mid-write) is cut off;
 * every complete line is re-validated with the contract schema.
 *
 * Items are de-duplicated by `uri`: connectors deliver at-least-once (a
 * firehose resumed from a persisted cursor replays what came after it), and
 * the journal is where a repeat stops. So appends run one at a time, and an
 * item is numbered when its append's turn comes and known only once it is on
 * disk: an append that fails (a full disk) is cut off the file and leaves the
 * journal as it was, its numbers unused, and the connector's redelivery (it
 * keeps its cursor before what it could not deliver) is journalled afresh.
 *
 * Main keeps only an index (URIs, seqs, each conversation's positions, the
 * latest private conversation per customer); the items themselves are read
 * back from the file when asked for (journalLines.ts). Holding every item
 * grew main's heap by about 1.5 kB per item over a day of traffic
 * (tests/bench/socialDay.bench.ts), for as long as the app ran.
 *
 * It keeps `JOURNAL_RETENTION_MS` (30 days) of items: the index, the file and
 * the time to open it grew with every item ever received (a busy brand's
 * months of traffic are hundreds of megabytes). Older items are left out of
 * the index when the journal opens, and once they are half the file it is
 * rewritten without them. A main that runs for weeks does the same while it
 * runs (`expire`, every `JOURNAL_EXPIRY_EVERY_MS` of the desk's clock): the
 * oldest items leave the index, and the file is rewritten beside the appends
 * (journalRewrite.ts). Numbers keep growing from the newest item ever kept,
 * so a window that asks "after N" never misses one, and each customer's latest
 * private conversation is remembered whatever its age.
 */
export class Journal {
  /** The seq of each kept item, from the position `#base` on (ascending). */
  readonly #seqs: number[] = [];
  /**
   * The position of `#seqs[0]`. Positions count the items kept since the
   * journal opened, so letting go of the oldest moves no other position in the
   * maps below, and a lookup stays one step.
   */
  #base = 0;
  /** What the journal has seen: URI → position. */
  readonly #positions = new Map<string, number>();
  /** Conversation → positions of its items, for a thread read from the journal. */
  readonly #conversations = new Map<string, number[]>();
  /** Customer DID → the conversation of their latest private message, where our next message to them belongs. */
  readonly #privateByAuthor = new Map<string, string>();
  /** The newest seq ever numbered, kept or past the retention. */
  #lastSeq = -1;
  #lines: JournalLines = new MemoryLines();
  /** The appends, one after another: each numbers its items once those before it have landed or failed. */
  #appending: Promise<unknown> = Promise.resolve();
  #expiring: Promise<void> | undefined;

  private constructor(
    private readonly log: Logger,
    private readonly retentionMs: number,
  ) {}

  static async open(path: string | undefined, log: Logger, options: JournalOptions = {}): Promise<Journal> {
    const journal = new Journal(log, options.retentionMs ?? JOURNAL_RETENTION_MS);
    if (path !== undefined) await journal.#load(path, (options.now ?? Date.now()) - journal.retentionMs, options);
    return journal;
  }

  /** Reads the file a chunk at a time, indexing the items received since `keepFrom`. */
  async #load(path: string, keepFrom: number, { chunkBytes, openAppender: openWriter = openAppender }: JournalOptions): Promise<void> {
    await ensurePrivateDir(dirname(path));
    const reader = await openIfThere(path);
    const kept: LineRange[] = [];
    let goodBytes = 0;
    let size = 0;
    let expiredBytes = 0;
    if (reader !== undefined) {
      try {
        for await (const line of fileLines(reader, chunkBytes)) {
          goodBytes = line.offset + line.length;
          const parsed = SocialItem.safeParse(safeJson(line.text));
          if (!parsed.success || parsed.data.seq <= this.lastSeq) {
            this.log.warn('social journal: skipping an unreadable line', { seq: this.lastSeq });
          } else if (parsed.data.receivedAt < keepFrom) {
            this.#lastSeq = parsed.data.seq;
            this.#rememberPrivate(parsed.data, parsed.data.conversationId);
            expiredBytes += line.length;
          } else {
            this.#remember(parsed.data);
            kept.push({ offset: line.offset, length: line.length });
          }
        }
        size = (await reader.stat()).size;
      } finally {
        await reader.close();
      }
    }
    if (expiredBytes > 0 && expiredBytes * 2 >= goodBytes) {
      // Old items are half the file: rewrite it without them (a torn last line goes too).
      await rewriteKeeping(path, kept, chunkBytes);
      this.log.info('social journal: left out the items past the retention', { bytes: expiredBytes });
      let offset = 0;
      kept.forEach((line, i) => {
        kept[i] = { offset, length: line.length };
        offset += line.length;
      });
      goodBytes = offset;
    } else if (goodBytes < size) {
      this.log.warn('social journal: cutting off a torn last line');
      await truncate(path, goodBytes);
    }
    const lines = new FileLines(path, await openWriter(path), goodBytes, chunkBytes, openWriter);
    for (const line of kept) lines.keep(line.offset, line.length);
    this.#lines = lines;
    // The mode above applies only to a new file; one left readable by an older version is narrowed.
    await tightenFile(path);
  }

  /** Indexes an item (its text stays in the lines); returns its position. */
  #remember(item: SocialItem): number {
    const position = this.#base + this.#seqs.length;
    this.#seqs.push(item.seq);
    this.#lastSeq = item.seq;
    this.#positions.set(item.uri, position);
    // A thread's root is its own conversation: share the one string rather than keep two copies.
    const conversationId = item.conversationId === item.uri ? item.uri : item.conversationId;
    const positions = this.#conversations.get(conversationId);
    if (positions === undefined) this.#conversations.set(conversationId, [position]);
    else positions.push(position);
    this.#rememberPrivate(item, conversationId);
    return position;
  }

  /** A private message's author: where our next message to them belongs, kept whatever the item's age. */
  #rememberPrivate(item: SocialItem, conversationId: string): void {
    if (item.visibility === 'private') this.#privateByAuthor.set(item.author.did, conversationId);
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  has(uri: string): boolean {
    return this.#positions.has(uri);
  }

  async get(uri: string): Promise<SocialItem | undefined> {
    const position = this.#positions.get(uri);
    if (position === undefined) return undefined;
    return (await this.#read([position]))[0];
  }

  /** The conversation of the latest private message from `did`, if any. */
  privateConversationWith(did: string): string | undefined {
    return this.#privateByAuthor.get(did);
  }

  /**
   * Numbers and stores the items not seen before (by URI, also within the
   * batch); resolves with them once they are on disk. Rejects when they could
   * not be written: then the journal knows none of them.
   */
  append(incoming: readonly IncomingItem[]): Promise<SocialItem[]> {
    // A repeat of what is already on disk (a replay, a thread's known ancestors) waits for no other append.
    if (incoming.every((item) => this.#positions.has(item.uri))) return Promise.resolve([]);
    const appended = this.#appending.then(() => this.#appendNow(incoming));
    this.#appending = appended.catch(() => undefined);
    return appended;
  }

  /** Runs in turn: what came before has landed (and is known) or failed (and is not). */
  async #appendNow(incoming: readonly IncomingItem[]): Promise<SocialItem[]> {
    const fresh: SocialItem[] = [];
    let seq = this.lastSeq;
    const seen = new Set<string>();
    for (const item of incoming) {
      if (this.#positions.has(item.uri) || seen.has(item.uri)) continue;
      seen.add(item.uri);
      fresh.push({ ...item, seq: ++seq });
    }
    if (fresh.length === 0) return [];
    // Without a file the items are kept in memory (MemoryLines); with one, main forgets them once written.
    await this.#lines.append(fresh.map((item) => `${JSON.stringify(item)}\n`));
    // Known only now: a failed write leaves no URI "seen" and no position whose bytes are not in the file.
    for (const item of fresh) this.#remember(item);
    return fresh;
  }

  /** Items with `seq > afterSeq`, oldest first, at most `limit` (the range is fixed when called; items expired meanwhile are left out). */
  after(afterSeq: number, limit: number): Promise<SocialItem[]> {
    // seq is dense from 0 in a journal we wrote, but search rather than index to stay robust.
    let low = 0;
    let high = this.#seqs.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#seqs[middle] ?? Infinity) <= afterSeq) low = middle + 1;
      else high = middle;
    }
    const end = Math.min(this.#seqs.length, low + limit);
    return this.#lines.read(this.#base + low, this.#base + end).then(parseLines);
  }

  byConversation(conversationId: string): Promise<SocialItem[]> {
    return this.#read(this.#conversations.get(conversationId) ?? []);
  }

  /** The items at `positions` (ascending), reading each run of neighbours at once. */
  async #read(positions: readonly number[]): Promise<SocialItem[]> {
    const items: SocialItem[] = [];
    for (let i = 0; i < positions.length;) {
      const from = positions[i]!;
      let to = from + 1;
      for (i += 1; i < positions.length && positions[i] === to; i += 1) to += 1;
      items.push(...parseLines(await this.#lines.read(from, to)));
    }
    return items;
  }

  /**
   * Lets go of the items received more than the retention before `now`, and
   * rewrites the file without them once they are half of it. Items leave
   * oldest first, so one received out of order (a later `receivedAt` before an
   * earlier one) waits for those before it. Never rejects: a failure is logged
   * and the next call tries again.
   */
  expire(now: number): Promise<void> {
    this.#expiring ??= this.#expire(now - this.retentionMs).finally(() => {
      this.#expiring = undefined;
    });
    return this.#expiring;
  }

  async #expire(keepFrom: number): Promise<void> {
    try {
      let forgotten = 0;
      for (;;) {
        // Read back, since the index holds neither URIs by position nor receipt times (bytes per item, for as long as it is kept).
        const from = this.#base;
        const items = parseLines(await this.#lines.read(from, from + Math.min(EXPIRY_BATCH, this.#seqs.length)));
        const kept = items.findIndex((item) => item.receivedAt >= keepFrom);
        this.#forget(kept === -1 ? items : items.slice(0, kept));
        forgotten += kept === -1 ? items.length : kept;
        if (kept !== -1 || items.length === 0) break;
      }
      if (forgotten > 0) this.log.info('social journal: let go of the items past the retention', { items: forgotten });
      if (await this.#lines.compact()) this.log.info('social journal: rewrote the file without them');
    } catch (error: unknown) {
      this.log.warn('social journal: could not let go of the items past the retention', { error: String(error) });
    }
  }

  /** Drops the oldest items (positions `#base` on, in order) from the index; their private conversations stay, as on open. */
  #forget(items: readonly SocialItem[]): void {
    if (items.length === 0) return;
    this.#base += items.length;
    this.#seqs.splice(0, items.length);
    const conversations = new Set<string>();
    for (const item of items) {
      if ((this.#positions.get(item.uri) ?? Infinity) < this.#base) this.#positions.delete(item.uri);
      conversations.add(item.conversationId);
    }
    for (const conversationId of conversations) {
      const positions = this.#conversations.get(conversationId) ?? [];
      const kept = positions.findIndex((position) => position >= this.#base);
      if (kept === -1) this.#conversations.delete(conversationId);
      else positions.splice(0, kept);
    }
    this.#lines.forget(items.length);
  }

  async close(): Promise<void> {
    await this.#appending;
    await this.#expiring;
    await this.#lines.close();
  }
}

/** Lines this journal validated on open or wrote itself. */
function parseLines(lines: readonly string[]): SocialItem[] {
  return lines.map((line) => JSON.parse(line) as SocialItem);
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** The file opened for reading, or undefined when there is none yet. */
async function openIfThere(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (error: unknown) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}
