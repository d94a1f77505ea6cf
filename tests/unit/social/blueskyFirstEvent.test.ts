import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ConnectorStatus } from '@tandem/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import { BlueskyConnector } from '../../../main/core/social/bluesky/blueskyConnector';
import type { ConnectorContext } from '../../../main/core/social/connectorRegistry';
import { Journal } from '../../../main/core/social/journal';
import type { OpenAppender } from '../../../main/core/social/journalLines';
import { manualClock, type ManualClock } from '../softphone/support/manualClock';
import { step } from '../../integration/support/step';
import { startFakeBlueskyService, type FakeBlueskyService } from './fakeBlueskyService';
import { journalPath } from './journalFixture';

/**
 * Ana connects the brand's Bluesky account on a new desk. The stream starts at
 * the live tip: there is no cursor yet. The first thing it brings is Carla's
 * mention, and at that moment the disk under the journal is full. The
 * connector cannot deliver it, drops the stream and tries again; once the
 * disk has room, the reconnect must bring Carla's mention back, not start at
 * the live tip a second time.
 */
const CARLA = 'did:plc:carla';

/** The journal's disk: it refuses every write while it is full, as a full disk does (ENOSPC). */
class FillableDisk {
  full = false;

  readonly open: OpenAppender = async (path) => {
    const handle = await open(path, 'a', 0o600);
    return {
      appendFile: (text, encoding) =>
        this.full ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })) : handle.appendFile(text, encoding),
      datasync: () => handle.datasync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  };
}

/** Resolves with the connector's status once `wanted` holds (at once if it already does). */
function statusWhere(connector: BlueskyConnector, wanted: (status: ConnectorStatus) => boolean): Promise<ConnectorStatus> {
  return new Promise((resolve) => {
    if (wanted(connector.status())) return resolve(connector.status());
    const off = connector.onStatus((status) => {
      if (!wanted(status)) return;
      off();
      resolve(status);
    });
  });
}

interface Desk {
  readonly connector: BlueskyConnector;
  readonly journal: Journal;
  readonly disk: FillableDisk;
  readonly clock: ManualClock;
  /** Resolves once a delivery has put `uri` in the journal. */
  journalled(uri: string): Promise<void>;
}

let service: FakeBlueskyService | null = null;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await service?.close();
  service = null;
});

/** A desk for the brand's account; `dataDir`: where its connector keeps its cursors (default: in memory). */
async function openDesk(url: string, dataDir?: string): Promise<Desk> {
  const disk = new FillableDisk();
  const journal = await Journal.open(await journalPath(), silentLogger, { openAppender: disk.open });
  const clock = manualClock();
  const waiters: { readonly uri: string; readonly resolve: () => void }[] = [];
  const deliver = async (items: Parameters<ConnectorContext['sink']['deliver']>[0]) => {
    await journal.append(items);
    for (const waiter of waiters.filter(({ uri }) => journal.has(uri))) waiter.resolve();
  };
  const context: ConnectorContext = {
    account: { network: 'bluesky', service: url, handle: 'acme.test' },
    network: 'bluesky',
    handle: 'acme.test',
    service: url,
    accountId: 'bluesky:acme.test',
    password: () => Promise.resolve('app-password'),
    sink: { deliver, match: () => null },
    dataDir,
    log: silentLogger,
    clock,
    options: {},
  };
  const connector = new BlueskyConnector(context, { random: () => 0.5 });
  cleanups.push(
    () => connector.stop(),
    () => journal.close(),
  );
  const journalled = (uri: string) => (journal.has(uri) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ uri, resolve })));
  return { connector, journal, disk, clock, journalled };
}

/** Up to the refusal: the first connection starts at the live tip, the disk fills up, and Carla's mention, its first event, cannot be journalled. */
async function firstEventRefused(dataDir?: string): Promise<{
  readonly network: FakeBlueskyService;
  readonly desk: Desk;
  readonly carla: string;
  readonly retrying: ConnectorStatus;
}> {
  const network = await startFakeBlueskyService();
  service = network;
  const desk = await openDesk(network.url, dataDir);
  await step('the desk connects the account for the first time: the stream starts at the live tip', async () => {
    desk.connector.start();
    expect(await network.nextSubscription()).toEqual({ cursor: null });
    await statusWhere(desk.connector, (status) => status.state === 'live');
  });
  const carla = await step('the disk fills up; Carla mentions the brand, the first event the stream brings', () => {
    desk.disk.full = true;
    return network.mention(7, CARLA, '3kcarla', '@acme.test my order never arrived');
  });
  const retrying = await step('the connector could not deliver it: it drops the stream and will try again', async () => {
    const status = await statusWhere(desk.connector, (current) => current.state === 'backoff');
    expect(desk.journal.has(carla)).toBe(false);
    return status;
  });
  return { network, desk, carla, retrying };
}

describe('a Bluesky account’s first connection when the journal refuses its first event', () => {
  it('Carla’s mention, refused by a full disk, is journalled once the disk has room and the connector reconnects', async () => {
    const { network, desk, carla, retrying } = await firstEventRefused();

    await step('the disk has room again; the retry resumes just before Carla’s mention, not at the live tip', async () => {
      desk.disk.full = false;
      desk.clock.advance((retrying.nextRetryAt ?? desk.clock.now()) - desk.clock.now());
      expect(await network.nextSubscription()).toEqual({ cursor: '6' });
    });

    await step('Carla’s mention is in the journal, once', async () => {
      await desk.journalled(carla);
      const items = await desk.journal.after(-1, 10);
      expect(items.map((item) => item.uri)).toEqual([carla]);
      expect(items[0]).toMatchObject({ kind: 'mention', author: { did: CARLA } });
    });
  });

  it('Ana quits while the disk is full: the desk started the next day resumes just before Carla’s mention', async () => {
    const dataDir = dirname(await journalPath());
    const { network, desk, carla } = await firstEventRefused(dataDir);
    await step('Ana quits Tandem before the disk has room', () => desk.connector.stop());

    const morning = await step('the next day the disk has room and the desk starts again: it resumes before Carla’s mention', async () => {
      const restarted = await openDesk(network.url, dataDir);
      restarted.connector.start();
      expect(await network.nextSubscription()).toEqual({ cursor: '6' });
      return restarted;
    });

    await step('Carla’s mention is in the journal', async () => {
      await morning.journalled(carla);
      expect((await morning.journal.after(-1, 10)).map((item) => item.uri)).toEqual([carla]);
    });
  });

  it('while it retries, it says the conversations could not be saved here, not that the network is unreachable', async () => {
    const { retrying } = await firstEventRefused();
    expect(retrying.lastErrorKey).toBe('social.problems.storage');
  });
});
