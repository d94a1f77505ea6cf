import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from './atomicWrite';
import { isMissing } from './privateFs';

/**
 * A small JSON document kept in one file (cursors, rules, the outbox), or in
 * memory when there is no data directory. Writes are atomic: the new content
 * goes to a temporary file that is fsynced and renamed over the old one, so a
 * crash leaves either the old or the new document, never half of one.
 * Writes are serialised per file (see atomicWrite); the last one wins.
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
      if (isMissing(error)) return undefined;
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
    const next = writeFileAtomically(path, JSON.stringify(value), { sync: true });
    // A failed write must not wedge flush(); the caller of write() still sees the failure.
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves when every write issued so far has landed. */
  flush(): Promise<void> {
    return this.#chain;
  }
}
