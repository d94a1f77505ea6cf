import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SocialItem } from '@tandem/contract';
import type { Logger } from '../log/logger';
import { ensurePrivateDir, tightenFile } from '../storage/privateFs';
import type { IncomingItem } from './connector';

/**
 * The social journal: every item the desk keeps, numbered with a local `seq`
 * that only grows, so a window can always ask "everything after N". It is a
 * JSON-lines file: one item per line, appended and fsynced before the item is
 * announced. On open, a torn last line (the app died mid-write) is cut off;
 * every complete line is re-validated with the contract schema.
 *
 * Items are de-duplicated by `uri`: connectors deliver at-least-once (a
 * firehose resumed from a persisted cursor replays what came after it), and
 * the journal is where a repeat stops.
 */
export class Journal {
  readonly #items: SocialItem[] = [];
  readonly #byUri = new Map<string, SocialItem>();
  #handle: FileHandle | undefined;
  #chain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string | undefined,
    private readonly log: Logger,
  ) {}

  static async open(path: string | undefined, log: Logger): Promise<Journal> {
    const journal = new Journal(path, log);
    if (path !== undefined) await journal.#load(path);
    return journal;
  }

  async #load(path: string): Promise<void> {
    await ensurePrivateDir(dirname(path));
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    let goodBytes = 0;
    let offset = 0;
    while (offset < text.length) {
      const newline = text.indexOf('\n', offset);
      if (newline === -1) break; // a line without its newline was never acknowledged
      const line = text.slice(offset, newline);
      offset = newline + 1;
      const parsed = SocialItem.safeParse(safeJson(line));
      if (!parsed.success || parsed.data.seq <= this.lastSeq) {
        this.log.warn('social journal: skipping an unreadable line', { seq: this.lastSeq });
        goodBytes += Buffer.byteLength(line, 'utf8') + 1;
        continue;
      }
      this.#remember(parsed.data);
      goodBytes += Buffer.byteLength(line, 'utf8') + 1;
    }
    if (goodBytes < Buffer.byteLength(text, 'utf8')) {
      this.log.warn('social journal: cutting off a torn last line');
      await truncate(path, goodBytes);
    }
    this.#handle = await open(path, 'a', 0o600);
    // The mode above applies only to a new file; one left readable by an older version is narrowed.
    await tightenFile(path);
  }

  #remember(item: SocialItem): void {
    this.#items.push(item);
    this.#byUri.set(item.uri, item);
  }

  get lastSeq(): number {
    return this.#items.at(-1)?.seq ?? -1;
  }

  has(uri: string): boolean {
    return this.#byUri.has(uri);
  }

  get(uri: string): SocialItem | undefined {
    return this.#byUri.get(uri);
  }

  /**
   * Numbers and stores the items not seen before (by URI, also within the
   * batch); resolves with them once they are on disk.
   */
  append(incoming: readonly IncomingItem[]): Promise<SocialItem[]> {
    const fresh: SocialItem[] = [];
    let seq = this.lastSeq;
    const seen = new Set<string>();
    for (const item of incoming) {
      if (this.#byUri.has(item.uri) || seen.has(item.uri)) continue;
      seen.add(item.uri);
      fresh.push({ ...item, seq: ++seq });
    }
    if (fresh.length === 0) return Promise.resolve([]);
    for (const item of fresh) this.#remember(item);
    const handle = this.#handle;
    if (handle === undefined) return Promise.resolve(fresh);
    const text = fresh.map((item) => `${JSON.stringify(item)}\n`).join('');
    const written = this.#chain.then(async () => {
      await handle.appendFile(text, 'utf8');
      await handle.datasync();
    });
    this.#chain = written.catch(() => undefined);
    return written.then(() => fresh);
  }

  /** Items with `seq > afterSeq`, oldest first, at most `limit`. */
  after(afterSeq: number, limit: number): SocialItem[] {
    // seq is dense from 0 in a journal we wrote, but search rather than index to stay robust.
    let low = 0;
    let high = this.#items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#items[middle]?.seq ?? Infinity) <= afterSeq) low = middle + 1;
      else high = middle;
    }
    return this.#items.slice(low, low + limit);
  }

  byConversation(conversationId: string): SocialItem[] {
    return this.#items.filter((item) => item.conversationId === conversationId);
  }

  async close(): Promise<void> {
    await this.#chain;
    await this.#handle?.close();
    this.#handle = undefined;
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
