import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { stat } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import type { IncomingItem } from '../../../main/core/social/connector';
import { Journal, JOURNAL_RETENTION_MS } from '../../../main/core/social/journal';
import { step } from '../../integration/support/step';

const item = (uri: string, overrides: Partial<IncomingItem> = {}): IncomingItem => ({
  accountId: 'bluesky:acmecorp.test',
  network: 'bluesky',
  kind: 'mention',
  visibility: 'public',
  uri,
  cid: null,
  conversationId: uri,
  parentUri: null,
  author: { did: 'did:plc:c', handle: 'carla.test', displayName: 'Carla', description: '', avatarUrl: null, followers: null, following: null },
  text: 'hi',
  links: [],
  createdAt: 1,
  receivedAt: Date.now(),
  ruleId: null,
  ...overrides,
});

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

async function path(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-journal-'));
  dirs.push(dir);
  return join(dir, 'journal.jsonl');
}

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
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const journal = await Journal.open(await path(), silentLogger);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let batch = 0; batch < 40; batch += 1) {
      await journal.append(
        Array.from({ length: 100 }, (_, i) => item(`at://did:plc:c/app.bsky.feed.post/${batch}-${i}`, { text: `${batch} ${i} `.padEnd(2_000, 'x') })),
      );
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
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
});
