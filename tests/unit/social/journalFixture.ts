import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { IncomingItem } from '../../../main/core/social/connector';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

/** A journal file's path in a fresh private folder, removed after the test. */
export async function journalPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-journal-'));
  dirs.push(dir);
  return join(dir, 'journal.jsonl');
}

/** A mention as a connector hands it to the desk (Carla's, unless `overrides` say otherwise): the journal stories' item. */
export const incomingItem = (uri: string, overrides: Partial<IncomingItem> = {}): IncomingItem => ({
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
