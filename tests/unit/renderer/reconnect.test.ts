// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { openTandemDb } from '../../../renderer/src/data/db';
import { startDesk, type Desk } from '../../../renderer/src/startDesk';
import { ok, type ConnectionState, type PublicSettings } from '@tandem/contract';
import { ACCOUNT, createSocialHost, liveConnector, socialItem } from '../social-ui/socialFakes';
import { defaultSettings } from './fakeHost';

let desk: Desk | undefined;
let dbCounter = 0;

afterEach(() => {
  desk?.stop();
  desk = undefined;
});

/** The reads a window makes of main when its connection opens. */
const STARTUP_READS = ['settings:get', 'connection:get', 'softphone:getState', 'social:getState', 'dial:takePending', 'identity:listPending'] as const;

const settle = async () => {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

describe('a window whose connection to main reopens', () => {
  it('hears app:connected for its first connection and reads nothing twice', async () => {
    const host = createSocialHost();
    desk = startDesk(host.api, document, { db: openTandemDb(`tandem-reconnect-${++dbCounter}`), media: null, notifications: null });
    host.emit('app:connected', {});
    await settle();

    for (const channel of STARTUP_READS)
      expect(
        host.requests.filter((r) => r.channel === channel),
        channel,
      ).toHaveLength(1);
  });

  it('after the host restarts, re-reads settings, connection, softphone, social and pending verifications, and shows what main journalled meanwhile', async () => {
    const host = createSocialHost();
    desk = startDesk(host.api, document, { db: openTandemDb(`tandem-reconnect-${++dbCounter}`), media: null, notifications: null });
    const { store } = desk;
    host.emit('app:connected', {});
    host.deliver(socialItem({ text: 'before the restart' }));
    // Waited for, not counted in turns: the first mention also fetches the meaning engine (meaningEngine.ts).
    await expect.poll(() => store.getState().conversations.size, { timeout: 10_000 }).toBe(1);
    const lastSeq = store.getState().socialLastSeq;

    // The host goes down: main journals a mention, its connector reconnects, nobody tells the tab.
    host.journal.push({ ...socialItem({ text: 'while the app was down' }), seq: lastSeq + 1 });
    host.connectors = [liveConnector({ state: 'backoff' })];
    host.emit('app:connected', {});
    await settle();

    for (const channel of STARTUP_READS)
      expect(
        host.requests.filter((r) => r.channel === channel),
        channel,
      ).toHaveLength(2);
    // The journal catch-up starts from what Dexie holds, not from the beginning.
    const syncs = host.requests.filter((r) => r.channel === 'social:sync').map((r) => (r.payload as { afterSeq: number }).afterSeq);
    expect(syncs.at(-1)).toBe(lastSeq);
    await expect
      .poll(() => [...store.getState().conversations.values()].map((c) => c.preview).sort(), { timeout: 10_000 })
      .toEqual(['before the restart', 'while the app was down']);
    // The snapshot after a reconnect is newer than what the tab heard before it.
    expect(store.getState().socialConnectors).toEqual([liveConnector({ state: 'backoff' })]);
    expect(store.getState().socialConnectors[0]?.accountId).toBe(ACCOUNT);
  });

  it('after a reconnect, believes main’s settings and connection as they are now, unless an event said otherwise meanwhile', async () => {
    // Main's side, as the host answers it at the time of each read.
    let settings: PublicSettings = { ...defaultSettings(), language: 'en' };
    let connection: ConnectionState = 'online';
    const host = createSocialHost({ answers: { 'settings:get': () => ok(settings), 'connection:get': () => ok({ state: connection }) } });
    desk = startDesk(host.api, document, { db: openTandemDb(`tandem-reconnect-${++dbCounter}`), media: null, notifications: null });
    const { store } = desk;
    host.emit('app:connected', {});
    await expect.poll(() => store.getState().connection).toBe('online');
    await expect.poll(() => store.getState().settings?.language).toBe('en');

    // Step 1: the connection drops; meanwhile another window switches to Spanish and main's line goes offline.
    settings = { ...settings, language: 'es' };
    connection = 'offline';

    // Step 2: it reopens: the window reads main again and believes what it reads.
    host.emit('app:connected', {});
    await expect.poll(() => store.getState().settings?.language).toBe('es');
    await expect.poll(() => store.getState().connection).toBe('offline');

    // Step 3: another reconnect, and an event lands while the reads are out: the event is newer.
    connection = 'online';
    host.emit('app:connected', {});
    host.emit('connection:state', { state: 'connecting' });
    host.emit('settings:changed', { ...settings, language: 'fr' });
    await settle();
    expect(store.getState().connection).toBe('connecting');
    expect(store.getState().settings?.language).toBe('fr');
  });
});
