import { open, type FileHandle } from 'node:fs/promises';
import type { LineRange } from './journalFile';
import { NumberColumn } from './journalIndex';
import { FileRewrite } from './journalRewrite';

/**
 * Where the social journal's items live once numbered, read back by position
 * (0 = the first item kept since the journal opened; forgetting the oldest
 * moves no other), so that main holds only an index of them: a day
 * of traffic is thousands of items of up to a few kB each, and main runs for
 * weeks. The JSON-lines file on disk, or memory when the desk has no data
 * directory (unit tests, a host started without one).
 */
export interface JournalLines {
  /** Appends whole lines (each ending in "\n"), in order; resolves once they are on disk. */
  append(lines: readonly string[]): Promise<void>;
  /** The lines at positions [from, to), without their newline; those forgotten by then are left out. */
  read(from: number, to: number): Promise<string[]>;
  /** Lets go of the `count` oldest lines. */
  forget(count: number): void;
  /** Rewrites the file without the lines it no longer keeps once they are half of it; resolves true when it did. */
  compact(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * What the journal writes its file through (a `FileHandle` opened for
 * appending), narrowed so that a test can stand in a disk that fails a write.
 */
export interface AppendHandle {
  appendFile(text: string, encoding: 'utf8'): Promise<void>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens the journal's file for appending (created private when it is missing). */
export type OpenAppender = (path: string) => Promise<AppendHandle>;

export const openAppender: OpenAppender = (path) => open(path, 'a', 0o600);

export class MemoryLines implements JournalLines {
  readonly #lines: string[] = [];
  #first = 0;

  append(lines: readonly string[]): Promise<void> {
    for (const line of lines) this.#lines.push(line.slice(0, -1));
    return Promise.resolve();
  }

  read(from: number, to: number): Promise<string[]> {
    return Promise.resolve(this.#lines.slice(Math.max(0, from - this.#first), Math.max(0, to - this.#first)));
  }

  forget(count: number): void {
    const gone = this.#lines.splice(0, count).length;
    this.#first += gone;
  }

  compact(): Promise<boolean> {
    return Promise.resolve(false);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The file, appended through one handle, read through another. Appends are
 * serialised (`#chain`), and a line is kept (so read) only once its write has
 * landed: where it goes is the end of the file as it is when the write runs.
 * A write that fails (a full disk, an I/O error, only part of it written) is
 * cut off the file and its lines are never kept, so the next write starts
 * where it did and every offset stays true; when even the cut fails, the next
 * write makes it first (or fails too), and a rewrite copies only up to the
 * last write that landed. A rewrite
 * (journalRewrite.ts) copies while both go on; it moves the lines only once
 * the appends before it have landed and the reads already reading are done,
 * and the reads that come meanwhile wait for it.
 */
export class FileLines implements JournalLines {
  /** The position of the first line below: those before it are forgotten. */
  #first = 0;
  /** Byte offset and length (newline included) of each kept line: lines the load skipped as unreadable are not among them. */
  readonly #starts = new NumberColumn();
  readonly #lengths = new NumberColumn();
  /** The bytes the kept lines take; the rest of the file (lines forgotten or skipped) is what a rewrite saves. */
  #keptBytes = 0;
  /** Where the last write that landed ended, and the next one begins: a rewrite copies up to here while appends go on. */
  #size: number;
  /** A failed write may have left bytes past `#size` that could not be cut off yet. */
  #torn = false;
  #writer: AppendHandle;
  #chain: Promise<void> = Promise.resolve();
  #reader: Promise<FileHandle> | undefined;
  /** Reads whose byte ranges are taken: the rewritten file replaces the old one once they are done. */
  readonly #reading = new Set<Promise<string[]>>();
  /** While the rewritten file replaces the old one; reads wait for it. */
  #replacing: Promise<void> | undefined;
  #rewriting: Promise<boolean> | undefined;
  #closed = false;

  constructor(
    private readonly path: string,
    writer: AppendHandle,
    size: number,
    private readonly chunkBytes?: number,
    private readonly openWriter: OpenAppender = openAppender,
  ) {
    this.#writer = writer;
    this.#size = size;
  }

  /** A line the load found in the file and kept. */
  keep(offset: number, length: number): void {
    this.#starts.push(offset);
    this.#lengths.push(length);
    this.#keptBytes += length;
  }

  /** Rejects when the lines could not be written: then none of them is kept, and the file is as it was. */
  append(lines: readonly string[]): Promise<void> {
    const written = this.#chain.then(() => this.#write(lines));
    this.#chain = written.catch(() => undefined);
    return written;
  }

  /** Runs in the chain: no other write and no rewrite's replacement is under way. */
  async #write(lines: readonly string[]): Promise<void> {
    try {
      if (this.#torn) await this.#cut();
      await this.#writer.appendFile(lines.join(''), 'utf8');
      await this.#writer.datasync();
    } catch (error: unknown) {
      // Whatever part landed goes: the next write begins at `#size`, where every offset below expects it.
      this.#torn = true;
      await this.#cut().catch(() => undefined);
      throw error;
    }
    // Offsets from the end as it is now, not as it was when asked for: a rewrite may have moved it in between.
    for (const line of lines) {
      const length = Buffer.byteLength(line, 'utf8');
      this.keep(this.#size, length);
      this.#size += length;
    }
  }

  /** Cuts the file back to the end of the last write that landed. */
  async #cut(): Promise<void> {
    await this.#writer.truncate(this.#size);
    this.#torn = false;
  }

  async read(from: number, to: number): Promise<string[]> {
    // Every kept line is on disk: only a rewrite's replacement of the file is waited for.
    while (this.#replacing !== undefined) await this.#replacing;
    const reading = this.#readNow(from, to);
    this.#reading.add(reading);
    try {
      return await reading;
    } finally {
      this.#reading.delete(reading);
    }
  }

  /** Takes the lines' ranges at once (before its first await: `forget` and a rewrite move them), then reads them. */
  async #readNow(from: number, to: number): Promise<string[]> {
    const first = Math.max(from, this.#first) - this.#first;
    const last = Math.min(to - this.#first, this.#starts.length);
    if (last <= first) return [];
    const starts = this.#starts.slice(first, last);
    const lengths = this.#lengths.slice(first, last);
    const start = starts[0] ?? 0;
    const end = (starts.at(-1) ?? 0) + (lengths.at(-1) ?? 0);
    this.#reader ??= open(this.path, 'r');
    const buffer = Buffer.alloc(end - start);
    const { bytesRead } = await (await this.#reader).read(buffer, 0, buffer.length, start);
    // Never a broken line: a file shorter than the index says is an error, not text.
    if (bytesRead !== buffer.length) throw new Error('the social journal is shorter than its index');
    return starts.map((offset, index) => buffer.toString('utf8', offset - start, offset - start + (lengths[index] ?? 1) - 1));
  }

  forget(count: number): void {
    const gone = Math.min(count, this.#starts.length);
    for (let index = 0; index < gone; index += 1) this.#keptBytes -= this.#lengths.at(index);
    this.#starts.dropFirst(gone);
    this.#lengths.dropFirst(gone);
    this.#first += gone;
  }

  compact(): Promise<boolean> {
    const waste = this.#size - this.#keptBytes;
    // The rule the load applies: a rewrite copies what is kept, worth it once that is no more than what it saves.
    if (this.#closed || waste === 0 || waste * 2 < this.#size) return Promise.resolve(false);
    this.#rewriting ??= this.#rewrite().finally(() => {
      this.#rewriting = undefined;
    });
    return this.#rewriting;
  }

  async #rewrite(): Promise<boolean> {
    // The kept lines (all on disk); those that land later are copied with the file's tail.
    const first = this.#first;
    const copiedUpTo = this.#size;
    const lengths = this.#lengths.slice(0, this.#lengths.length);
    const copied: LineRange[] = this.#starts.slice(0, this.#starts.length).map((offset, index) => ({ offset, length: lengths[index] ?? 0 }));
    const rewrite = await FileRewrite.copy(this.path, copied, this.chunkBytes);
    const replaced = this.#chain.then(() => this.#replace(rewrite, first, copied, copiedUpTo));
    this.#chain = replaced.catch(() => undefined);
    await replaced;
    return true;
  }

  /** Runs in the chain: no append is under way, and reads wait until the file is in place. */
  async #replace(rewrite: FileRewrite, first: number, copied: readonly LineRange[], copiedUpTo: number): Promise<void> {
    let replaced!: () => void;
    this.#replacing = new Promise((resolve) => {
      replaced = resolve;
    });
    try {
      await Promise.allSettled(this.#reading);
      const reader = this.#reader;
      this.#reader = undefined;
      try {
        await this.#writer.close();
        await (await reader)?.close();
        // Up to the last write that landed: what a failed one left and could not cut stays behind in the old file.
        await rewrite.replace({ offset: copiedUpTo, length: this.#size - copiedUpTo });
        this.#moved(first, copied, copiedUpTo);
        this.#torn = false;
      } catch (error: unknown) {
        await rewrite.abandon();
        throw error;
      } finally {
        // The new file, or the old one when the rewrite failed: either holds every line.
        this.#writer = await this.openWriter(this.path);
      }
    } finally {
      this.#replacing = undefined;
      replaced();
    }
  }

  /** Each line's offset in the rewritten file: the copied ones packed in order, those appended since after them. */
  #moved(first: number, copied: readonly LineRange[], copiedUpTo: number): void {
    const packed: number[] = [];
    let offset = 0;
    for (const line of copied) {
      packed.push(offset);
      offset += line.length;
    }
    const shift = offset - copiedUpTo;
    for (let index = 0; index < this.#starts.length; index += 1) {
      // Lines forgotten during the rewrite are in the new file too: they count among its waste.
      this.#starts.set(index, packed[this.#first + index - first] ?? this.#starts.at(index) + shift);
    }
    this.#size += shift;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#rewriting?.catch(() => undefined);
    await this.#chain;
    await this.#writer.close();
    await (await this.#reader)?.close();
    this.#reader = undefined;
  }
}
