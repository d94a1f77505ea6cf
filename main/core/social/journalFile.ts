import { open, rename, rm, type FileHandle } from 'node:fs/promises';

/** One whole line of the journal's file: where it starts, its bytes with the newline, its text without. */
export interface FileLine {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

/** Where a line is kept in the file. */
export interface LineRange {
  readonly offset: number;
  readonly length: number;
}

/** How much of the file one read brings in: the load's memory is this and one line, whatever the file's size. */
export const JOURNAL_CHUNK_BYTES = 1 << 20;

/**
 * The file's whole lines, in order, read a chunk at a time. A journal of months
 * is hundreds of megabytes: read as one string it cost that much memory at every
 * start, and past V8's longest string (about 512 MB) it could not be read at all.
 * A last line without its newline (a write torn by a crash) is not given.
 */
export async function* fileLines(handle: FileHandle, chunkBytes = JOURNAL_CHUNK_BYTES): AsyncGenerator<FileLine> {
  const chunk = Buffer.alloc(chunkBytes);
  /** The start of a line that the last chunk cut, copied out of the chunk the next read reuses. */
  let carry = Buffer.alloc(0);
  /** The file offset of `carry`'s first byte. */
  let position = 0;
  for (;;) {
    const { bytesRead } = await handle.read(chunk, 0, chunkBytes, position + carry.length);
    if (bytesRead === 0) return;
    const data = carry.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
    let start = 0;
    for (let newline = data.indexOf(0x0a); newline !== -1; newline = data.indexOf(0x0a, start)) {
      yield { offset: position + start, length: newline - start + 1, text: data.toString('utf8', start, newline) };
      start = newline + 1;
    }
    carry = Buffer.from(data.subarray(start));
    position += start;
  }
}

/** The temporary a rewrite fills beside the file: a crash leaves the old file whole and this behind, removed by the next rewrite. */
export function rewritePathOf(path: string): string {
  return `${path}.compacting.tmp`;
}

/**
 * Rewrites the file with only the lines at `kept` (ascending), packed in that
 * order: a temporary beside it, synced, then renamed over it once both are
 * closed (Windows renames no open file), so a crash leaves the old file or the
 * new one. Copies a chunk at a time.
 */
export async function rewriteKeeping(path: string, kept: readonly LineRange[], chunkBytes = JOURNAL_CHUNK_BYTES): Promise<void> {
  const temp = rewritePathOf(path);
  await rm(temp, { force: true });
  try {
    const source = await open(path, 'r');
    try {
      const target = await open(temp, 'wx', 0o600);
      try {
        await copyRanges(source, target, kept, chunkBytes);
        await target.sync();
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
    await rename(temp, path);
  } catch (error: unknown) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Appends the bytes at `ranges` (ascending) of `source` to `target`, a chunk at a time; resolves with how many. */
export async function copyRanges(source: FileHandle, target: FileHandle, ranges: readonly LineRange[], chunkBytes = JOURNAL_CHUNK_BYTES): Promise<number> {
  const buffer = Buffer.alloc(chunkBytes);
  let copied = 0;
  for (let i = 0; i < ranges.length;) {
    // Neighbouring lines are one run of bytes.
    const from = ranges[i]!.offset;
    let to = from + ranges[i]!.length;
    for (i += 1; i < ranges.length && ranges[i]!.offset === to; i += 1) to += ranges[i]!.length;
    for (let at = from; at < to;) {
      const { bytesRead } = await source.read(buffer, 0, Math.min(chunkBytes, to - at), at);
      if (bytesRead === 0) throw new Error('the journal shrank while it was being compacted');
      await target.write(buffer, 0, bytesRead);
      at += bytesRead;
      copied += bytesRead;
    }
  }
  return copied;
}
