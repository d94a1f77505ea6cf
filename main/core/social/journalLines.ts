import { open, type FileHandle } from 'node:fs/promises';

/**
 * Where the social journal's items live once numbered, read back by position
 * (0 = the first item kept), so that main holds only an index of them: a day
 * of traffic is thousands of items of up to a few kB each, and main runs for
 * weeks. The JSON-lines file on disk, or memory when the desk has no data
 * directory (unit tests, a host started without one).
 */
export interface JournalLines {
  /** Appends whole lines (each ending in "\n"), in order; resolves once they are on disk. */
  append(lines: readonly string[]): Promise<void>;
  /** The lines at positions [from, to), without their newline. */
  read(from: number, to: number): Promise<string[]>;
  close(): Promise<void>;
}

export class MemoryLines implements JournalLines {
  readonly #lines: string[] = [];

  append(lines: readonly string[]): Promise<void> {
    for (const line of lines) this.#lines.push(line.slice(0, -1));
    return Promise.resolve();
  }

  read(from: number, to: number): Promise<string[]> {
    return Promise.resolve(this.#lines.slice(from, to));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export class FileLines implements JournalLines {
  /** Byte offset and length (newline included) of each kept line: lines the load skipped as unreadable are not among them. */
  readonly #starts: number[] = [];
  readonly #lengths: number[] = [];
  #size: number;
  #chain: Promise<void> = Promise.resolve();
  #reader: Promise<FileHandle> | undefined;

  constructor(
    private readonly path: string,
    private readonly writer: FileHandle,
    size: number,
  ) {
    this.#size = size;
  }

  /** A line the load found in the file and kept. */
  keep(offset: number, length: number): void {
    this.#starts.push(offset);
    this.#lengths.push(length);
  }

  append(lines: readonly string[]): Promise<void> {
    for (const line of lines) {
      const length = Buffer.byteLength(line, 'utf8');
      this.keep(this.#size, length);
      this.#size += length;
    }
    const text = lines.join('');
    const written = this.#chain.then(async () => {
      await this.writer.appendFile(text, 'utf8');
      await this.writer.datasync();
    });
    this.#chain = written.catch(() => undefined);
    return written;
  }

  async read(from: number, to: number): Promise<string[]> {
    const last = Math.min(to, this.#starts.length) - 1;
    if (last < from) return [];
    const start = this.#starts[from] ?? 0;
    const end = (this.#starts[last] ?? 0) + (this.#lengths[last] ?? 0);
    // Positions are handed out before the write lands: read only once everything before is on disk.
    await this.#chain;
    this.#reader ??= open(this.path, 'r');
    const buffer = Buffer.alloc(end - start);
    await (await this.#reader).read(buffer, 0, buffer.length, start);
    const lines: string[] = [];
    for (let position = from; position <= last; position += 1) {
      const offset = (this.#starts[position] ?? 0) - start;
      lines.push(buffer.toString('utf8', offset, offset + (this.#lengths[position] ?? 1) - 1));
    }
    return lines;
  }

  async close(): Promise<void> {
    await this.#chain;
    await this.writer.close();
    await (await this.#reader)?.close();
    this.#reader = undefined;
  }
}
