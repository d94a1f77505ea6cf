import { rename } from 'node:fs/promises';
import * as z from 'zod';
import { StateFile } from '../storage/stateFile';
import { teamStatement, TeamWrite } from './teamWrites';

/** What the outbox needs of a database session (a pg Client, or a test double). */
export interface TeamQueryable {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * SQLSTATE classes a retry cannot fix: bad data (22), a broken constraint
 * other than the id (23: a missing customer, a check), and refusals (42:
 * row-level security, privileges). Anything else (connection lost, server
 * shutting down, out of resources) is the connection's problem: the write
 * stays queued for the next session.
 */
const PERMANENT_CLASSES = new Set(['22', '23', '42']);

export function isPermanentWriteError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 && PERMANENT_CLASSES.has(code.slice(0, 2));
}

export interface FlushReport {
  readonly written: number;
  /** Ids the database refused for good (set aside, so the queue behind them moves on), with their SQLSTATE. */
  readonly refused: readonly { readonly id: string; readonly code: string }[];
}

/** A write the database refused for good, kept so the agent's text is never lost (and someone can look at why). */
export interface RefusedWrite {
  readonly write: TeamWrite;
  readonly code: string;
  readonly at: number;
}

const Refused = z.object({ write: z.unknown(), code: z.string(), at: z.number() });
// `refused` came later than version 1's first files: a file without it has none.
const OutboxFile = z.object({ version: z.literal(1), writes: z.array(z.unknown()), refused: z.array(Refused).optional() });

/**
 * The desk's writes waiting for the team database, in the order they were
 * made (a customer before the note about them), kept in one file in the data
 * folder so a restart while offline loses nothing. Each write is removed from
 * the file only after the database confirmed it; a crash in between writes
 * it again, which its client-made id makes harmless. A write the database
 * refuses for good (a note about a customer it does not have, a link row-level
 * security forbids) leaves the queue but not the file: it is kept aside under
 * `refused`, counted in the team status, so a note is never silently lost.
 */
export class TeamOutbox {
  #writes: TeamWrite[];
  #refused: RefusedWrite[];
  #flushing: Promise<FlushReport> | undefined;
  readonly #listeners = new Set<(pending: number) => void>();

  private constructor(
    private readonly file: StateFile<z.output<typeof OutboxFile>>,
    writes: TeamWrite[],
    refused: RefusedWrite[],
    private readonly now: () => number,
  ) {
    this.#writes = writes;
    this.#refused = refused;
  }

  /** `path` undefined keeps the queue in memory (tests, a desk without a data folder). */
  static async open(path: string | undefined, now: () => number = Date.now): Promise<TeamOutbox> {
    const file = new StateFile<z.output<typeof OutboxFile>>(path);
    const parsed = OutboxFile.safeParse(await readOrSetAside(file, path));
    // A write the schema no longer accepts (a hand-edited file) could never be flushed: it is left out.
    const writes = parsed.success ? parsed.data.writes.flatMap((entry) => (TeamWrite.safeParse(entry).success ? [TeamWrite.parse(entry)] : [])) : [];
    const refused = parsed.success
      ? (parsed.data.refused ?? []).flatMap((entry) => {
          const write = TeamWrite.safeParse(entry.write);
          return write.success ? [{ write: write.data, code: entry.code, at: entry.at }] : [];
        })
      : [];
    return new TeamOutbox(file, writes, refused, now);
  }

  get pending(): number {
    return this.#writes.length;
  }

  /** How many writes the database refused for good; they stay in the file, out of the queue. */
  get refusedCount(): number {
    return this.#refused.length;
  }

  get refused(): readonly RefusedWrite[] {
    return this.#refused;
  }

  /** Puts a refused write (its id and the time it was refused) back at the end of the queue; false when there is none. */
  async retryRefused(ref: { readonly id: string; readonly at: number }): Promise<boolean> {
    const entry = this.#takeRefused(ref);
    if (entry === undefined) return false;
    this.#writes.push(entry.write);
    await this.#save();
    return true;
  }

  /** Drops a refused write for good (the agent's choice); false when there is none. */
  async discardRefused(ref: { readonly id: string; readonly at: number }): Promise<boolean> {
    if (this.#takeRefused(ref) === undefined) return false;
    await this.#save();
    return true;
  }

  #takeRefused(ref: { readonly id: string; readonly at: number }): RefusedWrite | undefined {
    const entry = this.#refused.find((refused) => refused.write.id === ref.id && refused.at === ref.at);
    if (entry !== undefined) this.#refused = this.#refused.filter((refused) => refused !== entry);
    return entry;
  }

  onChange(listener: (pending: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Queues a write; resolves once it is on disk. */
  async add(write: TeamWrite): Promise<void> {
    await this.addMany([write]);
  }

  /** Queues writes in their order with one save of the file (an import's batch); resolves once they are on disk. */
  async addMany(writes: readonly TeamWrite[]): Promise<void> {
    this.#writes.push(...writes.map((write) => TeamWrite.parse(write)));
    await this.#save();
  }

  /**
   * Writes the queue in order, one statement each, until it is empty or the
   * connection fails (then it rejects with that error and the rest waits).
   * Calls while a flush runs share it; a write added meanwhile is taken by it.
   */
  flush(db: TeamQueryable): Promise<FlushReport> {
    this.#flushing ??= this.#drain(db).finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #drain(db: TeamQueryable): Promise<FlushReport> {
    let written = 0;
    const refused: { id: string; code: string }[] = [];
    for (let head = this.#writes[0]; head !== undefined; head = this.#writes[0]) {
      const statement = teamStatement(head);
      try {
        await db.query(statement.text, [...statement.values]);
        written += 1;
      } catch (error: unknown) {
        if (!isPermanentWriteError(error)) throw error;
        const code = (error as { code: string }).code;
        refused.push({ id: head.id, code });
        this.#refused = [...this.#refused, { write: head, code, at: this.now() }];
      }
      this.#writes = this.#writes.filter((write) => write !== head);
      await this.#save();
    }
    return { written, refused };
  }

  async #save(): Promise<void> {
    for (const listener of [...this.#listeners]) listener(this.#writes.length);
    await this.file.write({ version: 1, writes: this.#writes, ...(this.#refused.length === 0 ? {} : { refused: this.#refused }) });
  }
}

/**
 * A file that is not JSON (a disk fault, a hand edit) must not stop the desk from starting, nor be overwritten by
 * the next write: it is renamed beside itself (`outbox.json.unreadable-<time>`) for someone to look at.
 */
async function readOrSetAside(file: StateFile<unknown>, path: string | undefined): Promise<unknown> {
  try {
    return await file.read();
  } catch (error: unknown) {
    if (path === undefined || !(error instanceof SyntaxError)) throw error;
    await rename(path, `${path}.unreadable-${Date.now()}`);
    return undefined;
  }
}
