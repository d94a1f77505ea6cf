import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/core/events/eventBus';
import { silentLogger } from '../../../main/core/log/logger';
import { MemorySecretStore } from '../../../main/core/secrets/secretStore';
import type { ConnectorSink, IncomingItem } from '../../../main/core/social/connector';
import { ConnectorRegistry } from '../../../main/core/social/connectorRegistry';
import { JOURNAL_EXPIRY_EVERY_MS, JOURNAL_RETENTION_MS } from '../../../main/core/social/journal';
import { SocialDesk } from '../../../main/core/social/socialDesk';
import { step } from '../../integration/support/step';
import { manualClock } from '../softphone/support/manualClock';
import { ACCOUNT, liveConnector } from './liveConnector';
import { incomingItem } from './journalFixture';

/** A connector that stays quiet until the story delivers through its sink. */
function quietNetwork() {
  const connector = liveConnector();
  const sinks: ConnectorSink[] = [];
  const registry = new ConnectorRegistry().register('bluesky', (context) => {
    sinks.push(context.sink);
    return connector;
  });
  return { registry, deliver: (items: IncomingItem[]) => sinks[0]!.deliver(items) };
}

const mention = (uri: string, handle: string, receivedAt: number): IncomingItem =>
  incomingItem(uri, {
    accountId: ACCOUNT,
    author: { did: `did:plc:${handle}`, handle: `${handle}.test`, displayName: handle, description: '', avatarUrl: null, followers: null, following: null },
    text: '@acme.test hello',
    createdAt: receivedAt,
    receivedAt,
  });

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

describe('a social desk left running for weeks', () => {
  it('Maya never restarts her desk: a month on, Carla’s old mention leaves the journal at the hourly check, and closing the desk leaves no timer', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tandem-desk-retention-'));
    dirs.push(dataDir);
    const clock = manualClock();
    const network = quietNetwork();
    const desk = await SocialDesk.open({
      accounts: [{ network: 'bluesky', service: 'http://127.0.0.1:2583', handle: 'acme.test' }],
      secrets: new MemorySecretStore(),
      events: new EventBus(),
      log: silentLogger,
      dataDir,
      registry: network.registry,
      clock,
    });
    const inJournal = async () => (await desk.sync({ afterSeq: -1, limit: 10 })).items.map((item) => item.uri);

    await step('the desk opens and will check the retention within the hour', () => {
      expect(clock.dueIn()).toEqual([JOURNAL_EXPIRY_EVERY_MS]);
    });
    await step('Carla mentions the brand on the first day', async () => {
      await network.deliver([mention('at://carla/1', 'carla', clock.now())]);
      expect(await inJournal()).toEqual(['at://carla/1']);
    });
    await step('a month and a day later, the hourly check lets her mention go; Dan’s, just in, is numbered after it', async () => {
      clock.advance(JOURNAL_RETENTION_MS + 86_400_000);
      await network.deliver([mention('at://dan/1', 'dan', clock.now())]);
      await expect.poll(inJournal).toEqual(['at://dan/1']);
      expect(await desk.sync({ afterSeq: 0, limit: 10 })).toMatchObject({ items: [{ uri: 'at://dan/1', seq: 1 }], lastSeq: 1 });
    });
    await step('the next check is an hour away', async () => {
      await expect.poll(() => clock.dueIn()).toEqual([JOURNAL_EXPIRY_EVERY_MS]);
    });
    await step('Maya closes the desk: no timer is left to keep it alive', async () => {
      await desk.dispose();
      expect(clock.pending()).toBe(0);
    });
  });
});
