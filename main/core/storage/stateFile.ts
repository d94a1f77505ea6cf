import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A small JSON document kept in one file (cursors, rules, the outbox), or in
 * memory when there is no data directory. Writes are atomic: the new content
 * goes to a temporary file that is fsynced and renamed over the old one, so a
 * crash leaves either the old or the new document, never half of one.
 * Writes are serialised; the last one wins.
 */
export class StateFile<T> {
  #chain: Promise<void> = Promise.resolve();
  #memory: T | undefined;

  constructor(private readonly path: string | undefined) {}

  async read(): Promise<T | undefined> {
    if (this.path === undefined) return this.#memory;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return JSON.parse(text) as T;
  }

  write(value: T): Promise<void> {
    const path = this.path;
    if (path === undefined) {
      this.#memory = structuredClone(value);
      return Promise.resolve();
    }
    const text = JSON.stringify(value);
    const next = this.#chain.then(async () => {
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.tmp`;
      const handle = await open(temp, 'w', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    });
    // A failed write must not wedge every later one.
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves when every write issued so far has landed. */
  flush(): Promise<void> {
    return this.#chain;
  }
}
