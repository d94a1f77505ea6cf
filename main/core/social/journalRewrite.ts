import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { copyRanges, rewritePathOf, type LineRange } from './journalFile';

/**
 * The journal's file rewritten while main runs, without the lines it no
 * longer keeps. The long part, copying the kept lines already on disk into a
 * temporary beside the file (`copy`), runs while the old file still takes
 * appends and serves reads: a month of items is tens of megabytes, and the
 * inbox waits for every append. `replace` is short and runs while nothing
 * else touches the file: it copies what was appended meanwhile and renames
 * the temporary over the file. A crash before the rename leaves the old file
 * whole (the next rewrite removes the temporary), after it the new one.
 */
export class FileRewrite {
  #open = true;

  private constructor(
    private readonly path: string,
    private readonly source: FileHandle,
    private readonly target: FileHandle,
    private readonly chunkBytes: number | undefined,
  ) {}

  /** Starts the rewrite: the lines at `kept` (ascending, all on disk) go into the temporary, packed in order. */
  static async copy(path: string, kept: readonly LineRange[], chunkBytes?: number): Promise<FileRewrite> {
    const temp = rewritePathOf(path);
    await rm(temp, { force: true });
    const source = await open(path, 'r');
    let target: FileHandle | undefined;
    try {
      target = await open(temp, 'wx', 0o600);
      await copyRanges(source, target, kept, chunkBytes);
      return new FileRewrite(path, source, target, chunkBytes);
    } catch (error: unknown) {
      await target?.close();
      await source.close();
      await rm(temp, { force: true });
      throw error;
    }
  }

  /**
   * Copies `appended` (the bytes written since `copy` read the file) after the
   * packed lines and puts the temporary in the file's place. The caller has
   * closed its own handles on the file (Windows renames no open file). On a
   * failure the old file stays as it was and the temporary goes.
   */
  async replace(appended: LineRange): Promise<void> {
    try {
      try {
        await copyRanges(this.source, this.target, [appended], this.chunkBytes);
        await this.target.sync();
      } finally {
        await this.#close();
      }
      await rename(rewritePathOf(this.path), this.path);
    } catch (error: unknown) {
      await this.abandon();
      throw error;
    }
  }

  /** Gives up: the old file stays the journal's. */
  async abandon(): Promise<void> {
    await this.#close();
    await rm(rewritePathOf(this.path), { force: true });
  }

  async #close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    try {
      await this.target.close();
    } finally {
      await this.source.close();
    }
  }
}
