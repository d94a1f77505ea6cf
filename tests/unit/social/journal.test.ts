import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import type { IncomingItem } from '../../../main/core/social/connector';
import { Journal } from '../../../main/core/social/journal';

const item = (uri: string): IncomingItem => ({
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
  receivedAt: 2,
  ruleId: null,
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
    expect(journal.after(0, 10).map((entry) => entry.uri)).toEqual(['at://b', 'at://c']);
    expect(journal.after(-1, 1).map((entry) => entry.uri)).toEqual(['at://a']);
    expect(journal.after(2, 10)).toEqual([]);
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
});
