import { open, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SocialItem } from '@tandem/contract';
import type { Logger } from '../log/logger';
import { ensurePrivateDir, isMissing, tightenFile } from '../storage/privateFs';
import type { IncomingItem } from './connector';
import { fileLines, rewriteKeeping, type LineRange } from './journalFile';
import { HashSlots, NumberColumn, seededHash, type HashText } from './journalIndex';
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
  /** How URIs and conversation ids are hashed for the index (tests make two collide); a non-negative integer below 2^53. */
  readonly hashText?: HashText;
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
 * Main keeps only an index (seqs, each URI's hash and position, each
 * conversation's items chained by position, the latest private conversation
 * per customer); the items themselves are read back from the file when asked
 * for (journalLines.ts). Holding every item grew main's heap by about 1.5 kB
 * per item over a day of traffic (tests/bench/socialDay.bench.ts), for as
 * long as the app ran; an index of strings, Maps and arrays still about
 * 260 B, now a few doubles in typed arrays (journalIndex.ts). A hash says
 * only "maybe": where one matches, the item's line is read back and its URI
 * or conversation compared, so two URIs that share a hash are never taken
 * for one another, and a new item is never dropped as a repeat.
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
  readonly #seqs = new NumberColumn();
  /**
   * The position of the first kept item. Positions count the items kept since
   * the journal opened, so letting go of the oldest moves no other position in
   * the tables below, and a lookup stays one step.
   */
  #base = 0;
  /** What the journal has seen: URI's hash → position (more than one when URIs share a hash; their lines tell them apart). */
  readonly #positions = new HashSlots();
  /** Conversation id's hash → the position of its newest item, for a thread read from the journal. */
  readonly #conversations = new HashSlots();
  /** Per position from `#base` on, the previous item under the same conversation hash (-1: none): a chain a thread walks back. */
  readonly #earlier = new NumberColumn();
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
    private readonly hash: HashText,
  ) {}

  static async open(path: string | undefined, log: Logger, options: JournalOptions = {}): Promise<Journal> {
    const journal = new Journal(log, options.retentionMs ?? JOURNAL_RETENTION_MS, options.hashText ?? seededHash());
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
    const [uriHash, conversationHash] = this.#hashesOf(item);
    this.#positions.add(uriHash, position);
    this.#earlier.push(this.#conversations.get(conversationHash) ?? -1);
    this.#conversations.set(conversationHash, position);
    this.#rememberPrivate(item, item.conversationId);
    return position;
  }

  /** An item's URI hash and its conversation's (a thread's root is its own conversation: one hash for both). */
  #hashesOf(item: Pick<SocialItem, 'uri' | 'conversationId'>): [number, number] {
    const uriHash = this.hash(item.uri);
    return [uriHash, item.conversationId === item.uri ? uriHash : this.hash(item.conversationId)];
  }

  /** A private message's author: where our next message to them belongs, kept whatever the item's age. */
  #rememberPrivate(item: SocialItem, conversationId: string): void {
    if (item.visibility === 'private') this.#privateByAuthor.set(item.author.did, conversationId);
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** False when the journal does not hold `uri`; true when it may (the hash matched): `get` is exact. */
  has(uri: string): boolean {
    return this.#positions.has(this.hash(uri));
  }

  /** The item with `uri` (the newest, were the file to hold it twice). */
  async get(uri: string): Promise<SocialItem | undefined> {
    const items = await this.#read(this.#positions.valuesOf(this.hash(uri)).sort(ascending));
    return items.findLast((item) => item.uri === uri);
  }

  /** Which of `uris` the journal holds: the lines at their hashes' positions, read back and compared. */
  async #held(uris: readonly string[]): Promise<Set<string>> {
    const positions = new Set(uris.flatMap((uri) => this.#positions.valuesOf(this.hash(uri))));
    if (positions.size === 0) return new Set();
    const wanted = new Set(uris);
    return new Set((await this.#read([...positions].sort(ascending))).map((item) => item.uri).filter((uri) => wanted.has(uri)));
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
    if (!incoming.every((item) => this.has(item.uri))) return this.#queue(incoming);
    // A repeat of what is already on disk (a replay, a thread's known ancestors) waits for no other append, only for its lines.
    const uris = incoming.map((item) => item.uri);
    return this.#held(uris).then((held) => (uris.every((uri) => held.has(uri)) ? [] : this.#queue(incoming)));
  }

  #queue(incoming: readonly IncomingItem[]): Promise<SocialItem[]> {
    const appended = this.#appending.then(() => this.#appendNow(incoming));
    this.#appending = appended.catch(() => undefined);
    return appended;
  }

  /** Runs in turn: what came before has landed (and is known) or failed (and is not). */
  async #appendNow(incoming: readonly IncomingItem[]): Promise<SocialItem[]> {
    // Reads back only the lines under the URIs' hashes: almost always the repeats they look like.
    const seen = await this.#held(incoming.map((item) => item.uri));
    const fresh: SocialItem[] = [];
    let seq = this.lastSeq;
    for (const item of incoming) {
      if (seen.has(item.uri)) continue;
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
      if (this.#seqs.at(middle) <= afterSeq) low = middle + 1;
      else high = middle;
    }
    const end = Math.min(this.#seqs.length, low + limit);
    return this.#lines.read(this.#base + low, this.#base + end).then(parseLines);
  }

  async byConversation(conversationId: string): Promise<SocialItem[]> {
    const positions: number[] = [];
    const start = this.#conversations.get(this.hash(conversationId)) ?? -1;
    for (let position = start; position >= this.#base; position = this.#earlier.at(position - this.#base)) positions.push(position);
    // The chain holds every conversation under the hash: a collision's other thread is read and left out.
    return (await this.#read(positions.reverse())).filter((item) => item.conversationId === conversationId);
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
    items.forEach((item, index) => {
      const position = this.#base + index;
      const [uriHash, conversationHash] = this.#hashesOf(item);
      this.#positions.delete(uriHash, position);
      // A conversation whose newest item goes has nothing left: every item before it goes first.
      if (this.#conversations.get(conversationHash) === position) this.#conversations.delete(conversationHash, position);
    });
    this.#base += items.length;
    this.#seqs.dropFirst(items.length);
    this.#earlier.dropFirst(items.length);
    this.#lines.forget(items.length);
  }

  async close(): Promise<void> {
    await this.#appending;
    await this.#expiring;
    await this.#lines.close();
  }
}

const ascending = (a: number, b: number) => a - b;

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
