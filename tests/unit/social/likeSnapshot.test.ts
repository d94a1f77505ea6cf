import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SocialSnapshot, type OutboxEntry } from '@tandem/contract';
import { EventBus } from '../../../main/core/events/eventBus';
import { silentLogger } from '../../../main/core/log/logger';
import { MemorySecretStore } from '../../../main/core/secrets/secretStore';
import type { SendOperation, SendResult } from '../../../main/core/social/connector';
import { ConnectorRegistry } from '../../../main/core/social/connectorRegistry';
import { SocialDesk } from '../../../main/core/social/socialDesk';
import { ACCOUNT, liveConnector } from './liveConnector';

const POST = 'at://did:plc:carla/app.bsky.feed.post/3kabc';
const CLIENT_ID = 'like-carla-0000001';

/** A live connector that performs every send at once; the server's likes survive the desk's restarts. */
function fakeNetwork() {
  const sends: SendOperation[] = [];
  const connector = liveConnector((op): Promise<SendResult> => {
    sends.push(op);
    return Promise.resolve({ uri: `at://did:plc:brand/app.bsky.feed.like/${sends.length}`, item: null });
  });
  return { sends, registry: () => new ConnectorRegistry().register('bluesky', () => connector) };
}

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

async function openDesk(dataDir: string, network: ReturnType<typeof fakeNetwork>) {
  const events = new EventBus();
  const heard: OutboxEntry[] = [];
  events.on('social:outbox', (payload) => heard.push(payload));
  const desk = await SocialDesk.open({
    accounts: [{ network: 'bluesky', service: 'http://127.0.0.1:2583', handle: 'acme.test' }],
    secrets: new MemorySecretStore(),
    events,
    log: silentLogger,
    dataDir,
    registry: network.registry(),
  });
  return { desk, heard };
}

describe('the brand’s likes in the social snapshot a window reads on load', () => {
  it('Maya likes Carla’s post, the like is delivered, and the app restarts: the fresh desk’s snapshot still lists it as sent', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tandem-like-snapshot-'));
    dirs.push(dataDir);
    const network = fakeNetwork();

    const first = await openDesk(dataDir, network);
    await first.desk.like({ accountId: ACCOUNT, clientId: CLIENT_ID, uri: POST, cid: 'bafyreicarla' });
    await expect.poll(() => first.heard.at(-1)?.state).toBe('sent');
    // A window reloaded now (same process) is told the like went out.
    expect(SocialSnapshot.parse(first.desk.snapshot()).outbox).toEqual([first.heard.at(-1)]);
    await first.desk.dispose();

    // A fresh process: only what main persisted.
    const second = await openDesk(dataDir, network);
    const { outbox } = SocialSnapshot.parse(second.desk.snapshot());
    expect(outbox).toEqual([
      { clientId: CLIENT_ID, accountId: ACCOUNT, kind: 'like', state: 'sent', attempts: 1, uri: 'at://did:plc:brand/app.bsky.feed.like/1', lastErrorKey: null },
    ]);
    // Liking it again from the reloaded window is the same like: nothing more goes out.
    expect(await second.desk.like({ accountId: ACCOUNT, clientId: CLIENT_ID, uri: POST, cid: 'bafyreicarla' })).toEqual(outbox[0]);
    expect(network.sends).toHaveLength(1);
    await second.desk.dispose();
  });
});
