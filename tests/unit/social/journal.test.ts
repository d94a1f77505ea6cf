import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import { Journal, JOURNAL_RETENTION_MS } from '../../../main/core/social/journal';
import { manualClock } from '../softphone/support/manualClock';
import { step } from '../../integration/support/step';
import { incomingItem, journalPath } from './journalFixture';
import { settledMemory } from './settledMemory';

const item = incomingItem;

const path = journalPath;

describe('the social journal', () => {
  it('numbers items strictly increasing and drops repeats by URI, also within a batch', async () => {
    const journal = await Journal.open(undefined, silentLogger);
    expect((await journal.append([item('at://a'), item('at://b'), item('at://a')])).map((entry) => entry.seq)).toEqual([0, 1]);
    expect(await journal.append([item('at://b'), item('at://c')])).toMatchObject([{ uri: 'at://c', seq: 2 }]);
    expect((await journal.after(0, 10)).map((entry) => entry.uri)).toEqual(['at://b', 'at://c']);
    expect((await journal.after(-1, 1)).map((entry) => entry.uri)).toEqual(['at://a']);
    expect(await journal.after(2, 10)).toEqual([]);
  });

  it('resumes after a restart with the same numbers, and still knows what it has seen', async () => {
    const file = await path();
    const first = await Journal.open(file, silentLogger);
    await first.append([item('at://a'), item('at://b')]);
    await first.close();
    const second = await Journal.open(file, silentLogger);
    expect(second.lastSeq).toBe(1);
    expect(await second.append([item('at://b'), item('at://c')])).toMatchObject([{ uri: 'at://c', seq: 2 }]);
    await second.close();
  });

  it('cuts off a line torn by a crash mid-write, and goes on from the last whole item', async () => {
    const file = await path();
    const first = await Journal.open(file, silentLogger);
    await first.append([item('at://a')]);
    await first.close();
    await appendFile(file, '{"seq":1,"uri":"at://tor');
    const second = await Journal.open(file, silentLogger);
    expect(second.lastSeq).toBe(0);
    expect(await second.append([item('at://b')])).toMatchObject([{ seq: 1, uri: 'at://b' }]);
    await second.close();
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { uri: string }).uri)).toEqual(['at://a', 'at://b']);
  });

  it('reads items back from its file after a restart: by seq, by URI, by conversation, past a line it skipped', async () => {
    const file = await path();
    const first = await Journal.open(file, silentLogger);
    await first.append([item('at://a'), item('at://a/r1', { kind: 'reply', conversationId: 'at://a', text: 'ünïcode ✓' })]);
    await first.close();
    await appendFile(file, 'not json\n');
    const second = await Journal.open(file, silentLogger);
    await second.append([item('at://b'), item('at://a/r2', { kind: 'reply', conversationId: 'at://a' })]);
    expect((await second.after(-1, 10)).map((entry) => [entry.seq, entry.uri])).toEqual([
      [0, 'at://a'],
      [1, 'at://a/r1'],
      [2, 'at://b'],
      [3, 'at://a/r2'],
    ]);
    expect(await second.get('at://a/r1')).toMatchObject({ seq: 1, text: 'ünïcode ✓', conversationId: 'at://a' });
    expect(await second.get('at://nope')).toBeUndefined();
    expect((await second.byConversation('at://a')).map((entry) => entry.uri)).toEqual(['at://a', 'at://a/r1', 'at://a/r2']);
    await second.close();
  });

  it('knows each customer’s latest private conversation, where our next message to them belongs', async () => {
    const journal = await Journal.open(await path(), silentLogger);
    const dm = (uri: string, conversationId: string, did: string) =>
      item(uri, { kind: 'message', visibility: 'private', conversationId, author: { ...item('x').author, did } });
    await journal.append([dm('chat://1', 'convo-1', 'did:plc:c'), dm('chat://2', 'convo-2', 'did:plc:d'), dm('chat://3', 'convo-3', 'did:plc:c')]);
    expect(journal.privateConversationWith('did:plc:c')).toBe('convo-3');
    expect(journal.privateConversationWith('did:plc:d')).toBe('convo-2');
    expect(journal.privateConversationWith('did:plc:e')).toBeUndefined();
    await journal.close();
  });

  it('holds an index in main, not the items: 4 000 items of 2 kB grow the heap by far less than their 8 MB of text', async () => {
    // A heap reading after a full GC: memory, not time (a day of traffic grew main by 1.5 kB per item while it held them).
    const journal = await Journal.open(await path(), silentLogger);
    const before = (await settledMemory()).heap;
    for (let batch = 0; batch < 40; batch += 1) {
      await journal.append(
        Array.from({ length: 100 }, (_, i) => item(`at://did:plc:c/app.bsky.feed.post/${batch}-${i}`, { text: `${batch} ${i} `.padEnd(2_000, 'x') })),
      );
    }
    const grown = (await settledMemory()).heap - before;
    expect(journal.lastSeq).toBe(3_999);
    expect(grown).toBeLessThan(2_000_000);
    expect((await journal.after(3_998, 1))[0]?.text).toMatch(/^39 99 x+$/);
    await journal.close();
  });

  it('reads its file a chunk at a time: lines cut between chunks, long lines and multibyte text come back whole', async () => {
    const file = await path();
    const first = await Journal.open(file, silentLogger);
    const texts = ['ünïcode ✓ — “quoted” 🙂', 'x'.repeat(700), 'שלום\u202e bidi', ''];
    await first.append(texts.map((text, i) => item(`at://c/${i}`, { text })));
    await first.close();
    const second = await Journal.open(file, silentLogger, { chunkBytes: 64 });
    expect(second.lastSeq).toBe(3);
    expect((await second.after(-1, 10)).map((entry) => entry.text)).toEqual(texts);
    expect(await second.get('at://c/1')).toMatchObject({ seq: 1, text: 'x'.repeat(700) });
    await second.close();
  });

  it('keeps thirty days: older items leave the index and, once they are half the file, the file', async () => {
    const file = await path();
    const day = 86_400_000;
    const start = Date.now();
    const dm = (uri: string, receivedAt: number) =>
      item(uri, { kind: 'message', visibility: 'private', conversationId: 'convo-old', author: { ...item('x').author, did: 'did:plc:old' }, receivedAt });
    await step('two months of traffic: a private message and two mentions, then one mention a month later', async () => {
      const journal = await Journal.open(file, silentLogger, { now: start });
      await journal.append([dm('chat://1', start), item('at://old/1', { receivedAt: start }), item('at://old/2', { receivedAt: start + day })]);
      await journal.append([item('at://recent/1', { receivedAt: start + 35 * day })]);
      await journal.close();
    });
    const sizeBefore = (await stat(file)).size;
    await step('opened forty days in: the month-old items are not kept, and the file no longer holds them', async () => {
      const journal = await Journal.open(file, silentLogger, { now: start + 40 * day });
      expect((await journal.after(-1, 10)).map((entry) => [entry.seq, entry.uri])).toEqual([[3, 'at://recent/1']]);
      expect(journal.has('at://old/1')).toBe(false);
      expect(await journal.byConversation('at://old/2')).toEqual([]);
      expect((await stat(file)).size).toBeLessThan(sizeBefore / 2);
      await step('numbers go on from the newest ever kept, so a window that read up to 3 misses nothing', async () => {
        expect(journal.lastSeq).toBe(3);
        expect(await journal.append([item('at://recent/2', { receivedAt: start + 39 * day })])).toMatchObject([{ seq: 4, uri: 'at://recent/2' }]);
        expect((await journal.after(3, 10)).map((entry) => entry.uri)).toEqual(['at://recent/2']);
      });
      await step('the customer’s private conversation is still where our next message goes', () => {
        expect(journal.privateConversationWith('did:plc:old')).toBe('convo-old');
      });
      await journal.close();
    });
    await step('opened again: the rewritten file reads back the same', async () => {
      const journal = await Journal.open(file, silentLogger, { now: start + 40 * day });
      expect((await journal.after(-1, 10)).map((entry) => [entry.seq, entry.uri])).toEqual([
        [3, 'at://recent/1'],
        [4, 'at://recent/2'],
      ]);
      expect(await journal.get('at://recent/2')).toMatchObject({ seq: 4 });
      await journal.close();
    });
  });

  it('leaves the file as it is while the old items are less than half of it', async () => {
    const file = await path();
    const start = Date.now();
    const first = await Journal.open(file, silentLogger, { now: start });
    await first.append([item('at://old', { receivedAt: start - JOURNAL_RETENTION_MS - 1 }), item('at://new/1'), item('at://new/2')]);
    await first.close();
    const size = (await stat(file)).size;
    const second = await Journal.open(file, silentLogger, { now: start });
    expect((await second.after(-1, 10)).map((entry) => entry.uri)).toEqual(['at://new/1', 'at://new/2']);
    expect((await stat(file)).size).toBe(size);
    expect(await second.append([item('at://new/3')])).toMatchObject([{ seq: 3 }]);
    expect(await second.get('at://new/3')).toMatchObject({ uri: 'at://new/3' });
    await second.close();
  });

  describe('while main runs for weeks without a restart', () => {
    const day = 86_400_000;
    /** The bytes `items` take in the file: each is the line it was written as. */
    const bytesOf = (items: readonly unknown[]) => items.reduce<number>((sum, entry) => sum + Buffer.byteLength(`${JSON.stringify(entry)}\n`), 0);
    const uris = (items: readonly { uri: string }[]) => items.map((entry) => entry.uri);

    it('lets go of the month-old items as the days go by, and rewrites the file once they are half of it', async () => {
      const file = await path();
      const clock = manualClock();
      const journal = await Journal.open(file, silentLogger, { now: clock.now() });
      const appended: unknown[] = [];
      let nextDay = 0;
      /** One mention a day (the first a private message) and a reply to it, the desk checking the retention as it does every hour. */
      const days = async (count: number) => {
        for (let i = 0; i < count; i += 1) {
          clock.advance(day);
          const d = nextDay++;
          const dm = d === 0 ? { kind: 'message' as const, visibility: 'private' as const, author: { ...item('x').author, did: 'did:plc:dm' } } : {};
          const mention = item(`at://day/${d}`, { receivedAt: clock.now(), text: `day ${d}`.padEnd(200, '.'), ...dm });
          const reply = item(`at://day/${d}/reply`, { kind: 'reply', conversationId: `at://day/${d}`, receivedAt: clock.now(), text: 'thanks' });
          appended.push(...(await journal.append([mention, reply])));
          await journal.expire(clock.now());
        }
      };
      await step('forty-five days of traffic, one mention a day and its reply', () => days(45));
      await step('the first fourteen days are forgotten: by URI, by conversation, and after a number', async () => {
        expect(journal.has('at://day/0')).toBe(false);
        expect(await journal.get('at://day/13')).toBeUndefined();
        expect(await journal.get('at://day/13/reply')).toBeUndefined();
        expect(await journal.byConversation('at://day/13')).toEqual([]);
        expect(await journal.get('at://day/14')).toMatchObject({ seq: 28, uri: 'at://day/14' });
        expect(uris(await journal.byConversation('at://day/14'))).toEqual(['at://day/14', 'at://day/14/reply']);
        expect(uris(await journal.after(-1, 3))).toEqual(['at://day/14', 'at://day/14/reply', 'at://day/15']);
        expect((await journal.after(20, 100))[0]).toMatchObject({ seq: 28 });
      });
      await step('numbers keep going up from the newest ever numbered', async () => {
        expect(journal.lastSeq).toBe(89);
        appended.push(...(await journal.append([item('at://late', { receivedAt: clock.now() })])));
        expect(appended.at(-1)).toMatchObject({ seq: 90 });
        expect(uris(await journal.after(88, 10))).toEqual(['at://day/44/reply', 'at://late']);
      });
      await step('the customer’s private conversation is still where our next message goes', () => {
        expect(journal.privateConversationWith('did:plc:dm')).toBe('at://day/0');
      });
      await step('the forgotten items are less than half the file: it still holds them all', async () => {
        expect((await stat(file)).size).toBe(bytesOf(appended));
      });
      await step('around two months they are half of it: it is rewritten with only the kept items', async () => {
        for (let size = bytesOf(appended); size === bytesOf(appended) && nextDay < 90; size = (await stat(file)).size) {
          await days(1);
          const kept = bytesOf(await journal.after(-1, 1_000));
          if ((bytesOf(appended) - kept) * 2 < bytesOf(appended)) expect((await stat(file)).size).toBe(bytesOf(appended));
        }
        expect(nextDay).toBeGreaterThan(60);
        expect((await stat(file)).size).toBe(bytesOf(await journal.after(-1, 1_000)));
        expect(await journal.get(`at://day/${nextDay - 1}`)).toMatchObject({ text: expect.stringMatching(/^day \d+\.+$/) as unknown });
        expect(await journal.append([item('at://after-rewrite', { receivedAt: clock.now() })])).toMatchObject([{ seq: 2 * nextDay + 1 }]);
        expect(await journal.get('at://after-rewrite')).toMatchObject({ seq: 2 * nextDay + 1 });
      });
      const kept = await journal.after(-1, 1_000);
      await journal.close();
      await step('opened again: the rewritten file reads back the same', async () => {
        const reopened = await Journal.open(file, silentLogger, { now: clock.now() });
        expect(reopened.lastSeq).toBe(2 * nextDay + 1);
        expect(await reopened.after(-1, 1_000)).toEqual(kept);
        expect(uris(await reopened.byConversation(`at://day/${nextDay - 2}`))).toEqual([`at://day/${nextDay - 2}`, `at://day/${nextDay - 2}/reply`]);
        await reopened.close();
      });
    });

    it('loses nothing that is appended or read while the file is being rewritten', async () => {
      const file = await path();
      const clock = manualClock();
      // A small read size makes the copy long enough for appends and reads to come in the middle of it.
      const journal = await Journal.open(file, silentLogger, { now: clock.now(), chunkBytes: 64 });
      const old = Array.from({ length: 60 }, (_, i) => item(`at://old/${i}`, { receivedAt: clock.now(), text: 'o'.repeat(300) }));
      const kept = Array.from({ length: 40 }, (_, i) => item(`at://kept/${i}`, { receivedAt: clock.now() + day, text: 'k'.repeat(300) }));
      await step('two days of items, the first day’s past the retention a month later', async () => {
        await journal.append(old);
        await journal.append(kept);
        clock.advance(day + JOURNAL_RETENTION_MS);
      });
      const during: string[] = [];
      const readsDuring: Promise<unknown>[] = [];
      await step('the desk checks the retention while new items come in and windows read', async () => {
        const beforeRewrite = journal.after(59, 100);
        let done = false;
        const expiring = journal.expire(clock.now()).then(() => {
          done = true;
        });
        // Two appends in flight at a time: one of them waits while the rewritten file takes the old one's place.
        let landing: Promise<unknown> = Promise.resolve();
        for (let i = 0; !done; i += 1) {
          const uri = `at://new/${i}`;
          during.push(uri);
          // A failed read is kept as its error, so the step below names it instead of an unhandled rejection.
          readsDuring.push(...[journal.get(`at://kept/${i % 40}`), journal.after(99, 1_000)].map((read) => read.catch((error: unknown) => error)));
          const appending = journal.append([item(uri, { receivedAt: clock.now() })]);
          await landing;
          landing = appending;
        }
        await Promise.all([expiring, landing]);
        expect(uris((await beforeRewrite) as { uri: string }[])).toEqual(kept.map((entry) => entry.uri));
        expect(during.length).toBeGreaterThan(1);
      });
      await step('every read made meanwhile found what it asked for', async () => {
        for (const read of await Promise.all(readsDuring)) {
          expect(read).not.toBeInstanceOf(Error);
          if (Array.isArray(read)) expect(uris(read as { uri: string }[])).toEqual(during.slice(0, read.length));
          else expect(read).toMatchObject({ uri: expect.stringMatching(/^at:\/\/kept\//) as unknown });
        }
      });
      await step('the file holds the kept items and every new one, and nothing else', async () => {
        const all = await journal.after(-1, 1_000);
        expect(uris(all)).toEqual([...kept.map((entry) => entry.uri), ...during]);
        expect(all.map((entry) => entry.seq)).toEqual(Array.from({ length: all.length }, (_, i) => 60 + i));
        expect((await stat(file)).size).toBe(bytesOf(all));
        expect(await journal.get(during.at(-1)!)).toMatchObject({ uri: during.at(-1) });
      });
      await journal.close();
      await step('opened again, the file reads back the same', async () => {
        const reopened = await Journal.open(file, silentLogger, { now: clock.now() });
        expect(uris(await reopened.after(-1, 1_000))).toEqual([...kept.map((entry) => entry.uri), ...during]);
        await reopened.close();
      });
    });

    it('keeps its old file whole when a rewrite cannot be made, and rewrites it at the next check', async () => {
      const file = await path();
      const clock = manualClock();
      const journal = await Journal.open(file, silentLogger, { now: clock.now() });
      await journal.append([item('at://old/1', { receivedAt: clock.now() }), item('at://old/2', { receivedAt: clock.now() })]);
      await journal.append([item('at://kept', { receivedAt: clock.now() + 2 * day })]);
      const size = (await stat(file)).size;
      await step('something stands where the rewrite’s temporary goes (left by a crash, say): the rewrite fails', async () => {
        await mkdir(`${file}.compacting.tmp`);
        await writeFile(join(`${file}.compacting.tmp`, 'in-the-way'), '');
        clock.advance(day + JOURNAL_RETENTION_MS);
        await journal.expire(clock.now());
        expect((await stat(file)).size).toBe(size);
      });
      await step('the journal goes on with its old file: reads and appends work', async () => {
        expect(await journal.get('at://old/1')).toBeUndefined();
        expect(await journal.get('at://kept')).toMatchObject({ seq: 2 });
        expect(await journal.append([item('at://new', { receivedAt: clock.now() })])).toMatchObject([{ seq: 3 }]);
        expect(uris(await journal.after(-1, 10))).toEqual(['at://kept', 'at://new']);
      });
      await step('the way is clear again: the next check rewrites the file', async () => {
        await rm(`${file}.compacting.tmp`, { recursive: true });
        await journal.expire(clock.now() + 3_600_000);
        expect((await stat(file)).size).toBeLessThan(size);
        expect(uris(await journal.after(-1, 10))).toEqual(['at://kept', 'at://new']);
      });
      await journal.close();
    });
  });
});
