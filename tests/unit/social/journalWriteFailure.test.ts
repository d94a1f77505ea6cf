import { open, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import type { IncomingItem } from '../../../main/core/social/connector';
import { Journal, JOURNAL_RETENTION_MS } from '../../../main/core/social/journal';
import type { OpenAppender } from '../../../main/core/social/journalLines';
import { manualClock } from '../softphone/support/manualClock';
import { step } from '../../integration/support/step';
import { incomingItem, journalPath } from './journalFixture';

/**
 * The disk under the journal fills up (or fails) in the middle of a busy day.
 * A write it refuses must leave nothing behind: no item the journal thinks it
 * holds, no bytes that move the lines after them, so that the connector's
 * redelivery (it keeps its cursor before what it could not deliver) is
 * journalled once, and every later read is whole.
 */
const item = (uri: string, overrides: Partial<IncomingItem> = {}): IncomingItem => incomingItem(uri, { text: `about ${uri}: ünïcode ✓`, ...overrides });

const diskFull = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
const ioError = () => Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });

interface WriteFault {
  /** How many of the write's bytes reach the file before it fails (0: none; Infinity: all, and then the sync fails). */
  readonly landedBytes?: number;
  /** How many times cutting the file back fails after this write. */
  readonly cutFailures?: number;
}

/** The real file, through a handle that fails the writes it is told to, as a full or failing disk does. */
class FaultyDisk {
  readonly #writes: WriteFault[] = [];
  #cutFailures = 0;

  failNextWrite(fault: WriteFault = {}): void {
    this.#writes.push(fault);
  }

  readonly open: OpenAppender = async (path) => {
    const handle = await open(path, 'a', 0o600);
    let syncFails = false;
    return {
      appendFile: async (text, encoding) => {
        const fault = this.#writes.shift();
        if (fault === undefined) return handle.appendFile(text, encoding);
        this.#cutFailures = fault.cutFailures ?? 0;
        const bytes = Buffer.from(text, encoding);
        await handle.appendFile(bytes.subarray(0, fault.landedBytes ?? 0));
        if ((fault.landedBytes ?? 0) < bytes.length) throw diskFull();
        syncFails = true;
      },
      datasync: () => {
        if (!syncFails) return handle.datasync();
        syncFails = false;
        return Promise.reject(ioError());
      },
      truncate: (length) => {
        if (this.#cutFailures === 0) return handle.truncate(length);
        this.#cutFailures -= 1;
        return Promise.reject(ioError());
      },
      close: () => handle.close(),
    };
  };
}

const path = journalPath;

const uris = (items: readonly { uri: string }[]) => items.map((entry) => entry.uri);
const numbered = (items: readonly { seq: number; uri: string }[]) => items.map((entry) => [entry.seq, entry.uri]);
/** The file's lines, each parsed: a torn or garbled line throws. */
const fileItems = async (file: string) =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { seq: number; uri: string });
/** The bytes `uri`'s line takes in the file (as the journal writes it, with `seq`). */
const lineBytes = (uri: string, seq: number) => Buffer.byteLength(`${JSON.stringify({ ...item(uri), seq })}\n`);

describe('the social journal when the disk refuses a write', () => {
  it('leaves nothing behind: the items are not known, later items read back whole, and the redelivery is journalled once', async () => {
    const file = await path();
    const disk = new FaultyDisk();
    const journal = await Journal.open(file, silentLogger, { openAppender: disk.open });
    await step('Carla’s first mention is journalled', async () => {
      expect(numbered(await journal.append([item('at://a')]))).toEqual([[0, 'at://a']]);
    });
    await step('the disk is full: two mentions cannot be written, and the append says so', async () => {
      disk.failNextWrite();
      await expect(journal.append([item('at://b'), item('at://c')])).rejects.toMatchObject({ code: 'ENOSPC' });
    });
    await step('the journal does not know them: not seen, not readable, not counted', async () => {
      expect(journal.has('at://b')).toBe(false);
      expect(await journal.get('at://c')).toBeUndefined();
      expect(journal.lastSeq).toBe(0);
      expect(uris(await journal.after(-1, 10))).toEqual(['at://a']);
    });
    await step('space again: the next mention lands where the failed write began, and reads back whole', async () => {
      expect(numbered(await journal.append([item('at://d')]))).toEqual([[1, 'at://d']]);
      expect(await journal.get('at://d')).toMatchObject({ seq: 1, text: 'about at://d: ünïcode ✓' });
      expect(numbered(await journal.after(-1, 10))).toEqual([
        [0, 'at://a'],
        [1, 'at://d'],
      ]);
    });
    await step('the connector delivers the two again: they are journalled with fresh numbers, and a third delivery is a repeat', async () => {
      expect(numbered(await journal.append([item('at://b'), item('at://c')]))).toEqual([
        [2, 'at://b'],
        [3, 'at://c'],
      ]);
      expect(await journal.append([item('at://c'), item('at://b')])).toEqual([]);
      expect(await journal.get('at://b')).toMatchObject({ seq: 2 });
    });
    await journal.close();
    await step('the file holds each item once, in order, and reads back the same when opened again', async () => {
      expect(numbered(await fileItems(file))).toEqual([
        [0, 'at://a'],
        [1, 'at://d'],
        [2, 'at://b'],
        [3, 'at://c'],
      ]);
      const reopened = await Journal.open(file, silentLogger);
      expect(numbered(await reopened.after(-1, 10))).toEqual(numbered(await fileItems(file)));
      expect(await reopened.get('at://c')).toMatchObject({ seq: 3, text: 'about at://c: ünïcode ✓' });
      await reopened.close();
    });
  });

  it('cuts off a write that only partly landed, and an append queued behind it lands whole', async () => {
    const file = await path();
    const disk = new FaultyDisk();
    const journal = await Journal.open(file, silentLogger, { openAppender: disk.open });
    await journal.append([item('at://a')]);
    await step('the first line of two and a few bytes of the second reach the disk before it fills up; another mention waits behind', async () => {
      disk.failNextWrite({ landedBytes: lineBytes('at://b', 1) + 20 });
      const failing = journal.append([item('at://b'), item('at://c')]);
      const behind = journal.append([item('at://d')]);
      await expect(failing).rejects.toMatchObject({ code: 'ENOSPC' });
      expect(uris(await behind)).toEqual(['at://d']);
    });
    await step('the file holds no part of the failed write, and every read is whole', async () => {
      expect(uris(await fileItems(file))).toEqual(['at://a', 'at://d']);
      expect(await journal.get('at://d')).toMatchObject({ text: 'about at://d: ünïcode ✓' });
      expect(journal.has('at://b')).toBe(false);
    });
    await step('the numbers the failed write never used went to the mention behind it (no window ever saw them)', async () => {
      expect(numbered(await journal.after(-1, 10))).toEqual([
        [0, 'at://a'],
        [1, 'at://d'],
      ]);
    });
    await step('the redelivery is journalled after it', async () => {
      expect(numbered(await journal.append([item('at://b'), item('at://c')]))).toEqual([
        [2, 'at://b'],
        [3, 'at://c'],
      ]);
      expect(uris(await journal.after(0, 10))).toEqual(['at://d', 'at://b', 'at://c']);
    });
    await journal.close();
    await step('opened again, each item is there once', async () => {
      const reopened = await Journal.open(file, silentLogger);
      expect(numbered(await reopened.after(-1, 10))).toEqual([
        [0, 'at://a'],
        [1, 'at://d'],
        [2, 'at://b'],
        [3, 'at://c'],
      ]);
      await reopened.close();
    });
  });

  it('cuts off a write whose sync failed, and, when even the cut fails, makes it before the next write', async () => {
    const file = await path();
    const disk = new FaultyDisk();
    const journal = await Journal.open(file, silentLogger, { openAppender: disk.open });
    await journal.append([item('at://a')]);
    await step('the whole write reaches the file but the sync fails, and so does cutting it off', async () => {
      disk.failNextWrite({ landedBytes: Infinity, cutFailures: 1 });
      await expect(journal.append([item('at://b')])).rejects.toMatchObject({ code: 'EIO' });
      expect(journal.has('at://b')).toBe(false);
    });
    await step('the next append cuts it off first: its item lands right after the last one that did', async () => {
      expect(numbered(await journal.append([item('at://c')]))).toEqual([[1, 'at://c']]);
      expect(uris(await fileItems(file))).toEqual(['at://a', 'at://c']);
      expect(await journal.get('at://c')).toMatchObject({ seq: 1 });
    });
    await step('the connector’s redelivery is journalled once', async () => {
      expect(numbered(await journal.append([item('at://b')]))).toEqual([[2, 'at://b']]);
      expect(numbered(await fileItems(file))).toEqual([
        [0, 'at://a'],
        [1, 'at://c'],
        [2, 'at://b'],
      ]);
    });
    await journal.close();
  });

  it('leaves out of a rewrite what a failed write could not cut off', async () => {
    const file = await path();
    const disk = new FaultyDisk();
    const clock = manualClock();
    const journal = await Journal.open(file, silentLogger, { now: clock.now(), openAppender: disk.open });
    await step('a month-old day of items, then a new one', async () => {
      await journal.append([item('at://old/1', { receivedAt: clock.now() }), item('at://old/2', { receivedAt: clock.now() })]);
      clock.advance(JOURNAL_RETENTION_MS + 1);
      await journal.append([item('at://kept', { receivedAt: clock.now() })]);
    });
    await step('a write half lands and cannot be cut off', async () => {
      disk.failNextWrite({ landedBytes: 30, cutFailures: 2 });
      await expect(journal.append([item('at://lost')])).rejects.toMatchObject({ code: 'ENOSPC' });
    });
    await step('the hourly check rewrites the file: the half-written line stays behind in the old one', async () => {
      await journal.expire(clock.now());
      expect(uris(await fileItems(file))).toEqual(['at://kept']);
    });
    await step('appends and reads go on in the rewritten file, the redelivery among them', async () => {
      expect(numbered(await journal.append([item('at://lost', { receivedAt: clock.now() })]))).toEqual([[3, 'at://lost']]);
      expect(uris(await journal.after(-1, 10))).toEqual(['at://kept', 'at://lost']);
      expect(uris(await fileItems(file))).toEqual(['at://kept', 'at://lost']);
    });
    await journal.close();
  });
});
