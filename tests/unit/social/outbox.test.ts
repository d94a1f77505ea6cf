import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '@tandem/contract';
import { silentLogger } from '../../../main/core/log/logger';
import { systemClock } from '../../../main/core/time/clock';
import { TID_PATTERN, tidFor } from '../../../main/core/social/bluesky/tid';
import { SendFailure, type SendOperation, type SendResult } from '../../../main/core/social/connector';
import { Outbox, type OutboxRecord } from '../../../main/core/social/outbox';
import { StateFile } from '../../../main/core/storage/stateFile';

/**
 * A fake PDS with what matters for idempotency: records keyed by rkey, and the
 * connector's rule "if the record at this key exists, the send already happened".
 */
class FakeRepo {
  readonly records = new Map<string, string>();
  creates = 0;
  send(op: SendOperation): SendResult {
    const rkey = tidFor(op.createdAt, op.key);
    const uri = `at://did:plc:brand/app.bsky.feed.post/${rkey}`;
    if (!this.records.has(rkey)) {
      this.creates += 1;
      this.records.set(rkey, op.kind === 'like' ? op.uri : op.kind === 'reply' ? op.text : op.text);
    }
    return { uri, item: null };
  }
}

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

async function stateFile(): Promise<StateFile<OutboxRecord[]>> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-outbox-'));
  dirs.push(dir);
  return new StateFile(join(dir, 'outbox.json'));
}

function open(file: StateFile<OutboxRecord[]>, send: (op: SendOperation) => Promise<SendResult>, ready: () => boolean = () => true, keepSent?: number) {
  const changes: OutboxEntry[] = [];
  const waiters: (() => void)[] = [];
  const outbox = Outbox.open({
    file,
    clock: systemClock,
    log: silentLogger,
    backoff: { baseMs: 2, capMs: 5 },
    random: () => 0.5,
    ready,
    send: (_account, op) => send(op),
    onChange: (entry) => {
      changes.push(entry);
      for (const wake of waiters.splice(0)) wake();
    },
    onSent: () => Promise.resolve(),
    ...(keepSent === undefined ? {} : { keepSent }),
  });
  const until = (state: OutboxEntry['state'], clientId?: string) =>
    new Promise<OutboxEntry>((resolve) => {
      const check = () => {
        const found = changes.find((entry) => entry.state === state && (clientId === undefined || entry.clientId === clientId));
        if (found === undefined) waiters.push(check);
        else resolve(found);
      };
      check();
    });
  return { outbox, changes, until };
}

const reply = (key: string, createdAt = 1_700_000_000_000): SendOperation => ({
  kind: 'reply',
  key,
  createdAt,
  parentUri: 'at://did:plc:c/app.bsky.feed.post/3kabc',
  text: 'On it.',
});
const like = (key: string, createdAt = 1_700_000_000_000): SendOperation => ({
  kind: 'like',
  key,
  createdAt,
  uri: 'at://did:plc:c/app.bsky.feed.post/3kabc',
  cid: 'bafyreicarla',
});

describe('the outbox', () => {
  it('derives a valid, stable TID record key from the entry', () => {
    const key = tidFor(1_700_000_000_000, 'client-0001');
    expect(key).toMatch(TID_PATTERN);
    expect(tidFor(1_700_000_000_000, 'client-0001')).toBe(key);
    expect(tidFor(1_700_000_000_000, 'client-0002')).not.toBe(key);
  });

  it('the app is killed mid-send after the server stored the reply: on restart it is sent again under the same key, never twice', async () => {
    const file = await stateFile();
    const repo = new FakeRepo();
    // The first process reaches the server, then dies before hearing back.
    const first = open(file, (op) => {
      repo.send(op);
      return new Promise<never>(() => undefined);
    });
    await (await first.outbox).enqueue('bluesky:acme', reply('killed-000001'));
    await first.until('sending');
    expect((await file.read())?.[0]?.state).toBe('sending');

    const second = open(file, (op) => Promise.resolve(repo.send(op)));
    const outbox = await second.outbox;
    expect(outbox.entries()).toMatchObject([{ clientId: 'killed-000001', state: 'queued', attempts: 1 }]);
    outbox.kick();
    const sent = await second.until('sent');
    expect(sent).toMatchObject({ clientId: 'killed-000001', attempts: 2 });
    expect(repo.creates).toBe(1);
    expect(repo.records.size).toBe(1);
    await outbox.dispose();
  });

  it('retries a failing send with backoff and posts once when it goes through', async () => {
    const repo = new FakeRepo();
    let failures = 2;
    const { outbox, until } = open(await stateFile(), (op) => {
      if (failures-- > 0) return Promise.reject(new SendFailure(true, 'social.errors.unreachable'));
      return Promise.resolve(repo.send(op));
    });
    const box = await outbox;
    await box.enqueue('bluesky:acme', reply('retry-000001'));
    expect(await until('sent')).toMatchObject({ attempts: 3, lastErrorKey: null });
    expect(repo.creates).toBe(1);
    await box.dispose();
  });

  it('gives up at once on a permanent failure, keeping its key', async () => {
    const { outbox, until } = open(await stateFile(), () => Promise.reject(new SendFailure(false, 'social.errors.notFound')));
    const box = await outbox;
    await box.enqueue('bluesky:acme', reply('perm-0000001'));
    expect(await until('failed')).toMatchObject({ attempts: 1, lastErrorKey: 'social.errors.notFound' });
    await box.dispose();
  });

  it('the same clientId twice is one entry and one send', async () => {
    const repo = new FakeRepo();
    const { outbox, until } = open(await stateFile(), (op) => Promise.resolve(repo.send(op)));
    const box = await outbox;
    const first = await box.enqueue('bluesky:acme', reply('twice-000001'));
    const second = await box.enqueue('bluesky:acme', reply('twice-000001', 1_800_000_000_000));
    expect(second.clientId).toBe(first.clientId);
    await until('sent');
    expect(repo.creates).toBe(1);
    await box.dispose();
  });

  it('waits while the connector is not live, and sends when kicked', async () => {
    const repo = new FakeRepo();
    let live = false;
    const { outbox, until, changes } = open(
      await stateFile(),
      (op) => Promise.resolve(repo.send(op)),
      () => live,
    );
    const box = await outbox;
    await box.enqueue('bluesky:acme', reply('wait-0000001'));
    expect(changes.map((entry) => entry.state)).toEqual(['queued']);
    live = true;
    box.kick('bluesky:acme');
    await until('sent');
    expect(repo.creates).toBe(1);
    await box.dispose();
  });

  it('the brand liked Carla’s post and the app restarts: the fresh outbox still lists the like as sent, and liking again is the same like', async () => {
    const file = await stateFile();
    const repo = new FakeRepo();
    const first = open(file, (op) => Promise.resolve(repo.send(op)));
    const before = await first.outbox;
    await before.enqueue('bluesky:acme', like('liked-000001'));
    await before.enqueue('bluesky:acme', reply('reply-000001'));
    const delivered = await first.until('sent', 'liked-000001');
    await first.until('sent', 'reply-000001');
    await before.dispose();

    // A fresh process reads only the persisted file.
    const second = open(file, (op) => Promise.resolve(repo.send(op)));
    const after = await second.outbox;
    // The sent like is what a window reads on load; the sent reply shows from the journal instead.
    expect(after.entries()).toEqual([delivered]);
    expect(delivered).toMatchObject({ kind: 'like', state: 'sent' });
    expect(delivered.uri).toMatch(/^at:\/\//);
    expect(await after.enqueue('bluesky:acme', like('liked-000001', 1_800_000_000_000))).toEqual(delivered);
    after.kick();
    expect(repo.creates).toBe(2);
    expect(second.changes).toEqual([]);
    await after.dispose();
  });

  it('a busy day of replies does not make the outbox forget which posts the brand liked', async () => {
    const file = await stateFile();
    const repo = new FakeRepo();
    const { outbox, until } = open(
      file,
      (op) => Promise.resolve(repo.send(op)),
      () => true,
      2,
    );
    const box = await outbox;
    await box.enqueue('bluesky:acme', like('liked-000001'));
    await until('sent', 'liked-000001');
    for (const key of ['reply-000001', 'reply-000002', 'reply-000003']) {
      await box.enqueue('bluesky:acme', reply(key));
      await until('sent', key);
    }
    await box.dispose();
    const stored = (await file.read()) ?? [];
    // The oldest reply made room; the like stayed.
    expect(stored.map((record) => record.clientId)).toEqual(['liked-000001', 'reply-000002', 'reply-000003']);
    expect(box.entries()).toMatchObject([{ clientId: 'liked-000001', kind: 'like', state: 'sent' }]);
  });
});
