/**
 * One desk open in two pages: a call's media belongs to one page only (main's
 * MediaBroker addresses the call's media requests to its owner, the newest
 * page). Real Kamailio + rtpengine + baresip, the real browser host, two
 * Chromium pages on it with fake audio devices. Each page counts, from before
 * its own scripts run, the peer connections it creates and the microphones it
 * opens: that is what "preparing media" costs, observed from outside the app.
 * A page's contract socket can be routed through the test (`routeContract`) to
 * drop and come back, as a new window to main that kept its media.
 *
 *   npm run build && unshare -n bash -c 'ip link set lo up && npx playwright test --project e2e tests/e2e/softphone-two-pages.spec.ts'
 */
import type { Browser, BrowserContext, Page, WebSocketRoute } from '@playwright/test';
import type { TandemHost } from './fixtures';
import type { Baresip } from '../peers/baresip';
import { expect, expectAudioReceived, expectAudioSent, test, USERS } from './support/softphone';

test.describe.configure({ timeout: 90_000 });

interface MediaCounts {
  peerConnections: number;
  microphones: number;
}

/** Serialised into each page before its scripts (addInitScript): self-contained. */
function countMedia(): void {
  const counts = { peerConnections: 0, microphones: 0 };
  Object.defineProperty(window, '__mediaCounts', { value: counts });
  // Every microphone track the page was given, to tell whether it is still open.
  const tracks: MediaStreamTrack[] = [];
  Object.defineProperty(window, '__microphoneTracks', { value: tracks });
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      counts.peerConnections += 1;
    }
  };
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints) => {
    counts.microphones += 1;
    return getUserMedia(constraints).then((stream) => {
      tracks.push(...stream.getAudioTracks());
      return stream;
    });
  };
}

/** The microphone tracks the page holds open (not stopped). */
const liveMicrophones = (page: Page): Promise<number> =>
  page.evaluate(() => (Reflect.get(window, '__microphoneTracks') as MediaStreamTrack[]).filter((track) => track.readyState === 'live').length);

/** Of the microphone tracks the page holds open, how many carry the agent's voice (`enabled`) and how many are muted. */
const openMicrophones = (page: Page): Promise<{ live: number; muted: number }> =>
  page.evaluate(() => {
    const open = (Reflect.get(window, '__microphoneTracks') as MediaStreamTrack[]).filter((track) => track.readyState === 'live');
    return { live: open.filter((track) => track.enabled).length, muted: open.filter((track) => !track.enabled).length };
  });

/** A page's contract socket, routed through the test so that it can drop, stay away, and come back (a new window to main). */
interface Blinking {
  /** Closes both sides and turns the page's reconnects away until `comeBack`. */
  drop(): Promise<void>;
  comeBack(): void;
  /** How many times the page's socket reached main. */
  connects(): number;
  /** Each `media:ready` the page sent: its `held` list, or null for none (a page's first connection). */
  readonly ready: Array<readonly string[] | null>;
  /** How many of those main has answered: by then it has decided what to restore (and asked for it). */
  readonly readyAnswered: () => number;
}

async function routeContract(target: Page | BrowserContext): Promise<Blinking> {
  let away = false;
  let connects = 0;
  let current: { page: WebSocketRoute; server: WebSocketRoute } | undefined;
  const ready: Array<readonly string[] | null> = [];
  const readyIds = new Set<unknown>();
  let readyAnswered = 0;
  await target.routeWebSocket(/\/contract/, (socket) => {
    if (away) {
      void socket.close();
      return;
    }
    connects += 1;
    const server = socket.connectToServer();
    socket.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { id?: unknown; channel?: string; payload?: { held?: string[] } };
      if (frame.channel === 'media:ready') {
        ready.push(frame.payload?.held ?? null);
        readyIds.add(frame.id);
      }
      server.send(message);
    });
    server.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { kind?: string; id?: unknown };
      if (frame.kind === 'result' && readyIds.delete(frame.id)) readyAnswered += 1;
      socket.send(message);
    });
    current = { page: socket, server };
  });
  return {
    async drop() {
      away = true;
      await current?.server.close().catch(() => undefined);
      await current?.page.close().catch(() => undefined);
      current = undefined;
    },
    comeBack: () => void (away = false),
    connects: () => connects,
    ready,
    readyAnswered: () => readyAnswered,
  };
}

const mediaCounts = (page: Page): Promise<MediaCounts> => page.evaluate(() => ({ ...(Reflect.get(window, '__mediaCounts') as MediaCounts) }));

const phoneLine = (page: Page) => page.getByRole('status', { name: 'Phone line' });
const callWith = (page: Page, text: string) => page.getByRole('list', { name: 'Current calls' }).getByRole('listitem').filter({ hasText: text });

/**
 * The page counts its peer connections and microphones from a reload on (`countMedia`), registered again.
 * `warmed`: and waits for the standby connection it warms for the next outbound call, so that one is not counted as a call's.
 */
async function countingMediaFromReload(page: Page, warmed: boolean): Promise<void> {
  await page.context().addInitScript(countMedia);
  await page.reload();
  await expect(phoneLine(page)).toContainText('Registered');
  if (warmed)
    await expect.poll(async () => (await mediaCounts(page)).peerConnections, { message: 'the page warmed its standby connection' }).toBeGreaterThan(0);
}

/** Lucía calls Ana, who answers in `page`: the call is connected at both ends and Lucía's audio reaches the page. */
async function answeredIn(page: Page, customer: Baresip, domain: string): Promise<void> {
  await customer.dial(`sip:${USERS.ana}@${domain}`);
  await callWith(page, 'Lucía Fernández').getByRole('button', { name: 'Answer' }).click();
  await expect(callWith(page, 'Lucía Fernández')).toContainText('Connected');
  await customer.waitForEvent('CALL_ESTABLISHED');
  await expectAudioReceived(page);
}

/** Opens the same desk (same host, its own token cookie) in a new browser context, counting media from the start. */
async function openSecondPage(
  browser: Browser,
  host: TandemHost,
  prepare: (context: BrowserContext) => Promise<unknown> = () => Promise.resolve(),
): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript(countMedia);
  await prepare(context);
  const page = await context.newPage();
  await host.open(page, '/?debug=media');
  await expect(phoneLine(page)).toContainText('Registered');
  return page;
}

/**
 * A story on Ana's desk in two pages: her page counts its media from a reload and has warmed its standby, then a second
 * page opens on the same desk (`prepare` sees its context first), in a step called `opening`; `story` runs with the second
 * page, whose context is closed however the story ends.
 */
async function onTwoPages(
  {
    browser,
    host,
    first,
    opening,
    prepare,
  }: {
    readonly browser: Browser;
    readonly host: TandemHost;
    readonly first: Page;
    readonly opening: string;
    readonly prepare?: (context: BrowserContext) => Promise<unknown>;
  },
  story: (second: Page) => Promise<void>,
): Promise<void> {
  let second: Page | undefined;
  try {
    await test.step(opening, async () => {
      await countingMediaFromReload(first, true);
      second = await openSecondPage(browser, host, prepare);
    });
    await story(second!);
  } finally {
    await second?.context().close();
  }
}

test('Ana has her desk open in two pages: a call rings in both, only the newest plays it, and once she closes it the other does, muted as she left it', async ({
  sip,
  browser,
}) => {
  const ana = await sip.agent('Ana Ruiz', USERS.ana);
  const customer = await sip.phone(USERS.customer, { displayName: 'Lucía Fernández' });
  const first = ana.page;
  const opening = 'the first page counts its media (reloaded with the counter), then a second page opens on the same desk';
  await onTwoPages({ browser, host: ana.host, first, opening }, async (secondPage) => {
    const before = { first: await mediaCounts(first), second: await mediaCounts(secondPage) };

    await test.step('Lucía calls: the call rings in both pages', async () => {
      await customer.dial(`sip:${USERS.ana}@${sip.kamailio.domain}`);
      await expect(callWith(first, 'Lucía Fernández').getByRole('button', { name: 'Answer' })).toBeVisible();
      await expect(callWith(secondPage, 'Lucía Fernández').getByRole('button', { name: 'Answer' })).toBeVisible();
    });

    await test.step('Ana answers in the second page; both pages show the call connected', async () => {
      await callWith(secondPage, 'Lucía Fernández').getByRole('button', { name: 'Answer' }).click();
      await expect(callWith(secondPage, 'Lucía Fernández')).toContainText('Connected');
      await expect(callWith(first, 'Lucía Fernández')).toContainText('Connected');
      await customer.waitForEvent('CALL_ESTABLISHED');
    });

    await test.step('the call has audio both ways, in the second page', async () => {
      await expectAudioReceived(secondPage);
      await expectAudioSent(secondPage);
      await customer.waitForEvent('CALL_RTPESTAB', { timeoutMs: 15_000 });
    });

    await test.step('only the second page prepared media for the call: the first opened no microphone and no connection', async () => {
      const after = { first: await mediaCounts(first), second: await mediaCounts(secondPage) };
      expect(after.second.microphones).toBeGreaterThan(before.second.microphones);
      expect(after.second.peerConnections).toBeGreaterThan(before.second.peerConnections);
      expect(after.first).toEqual(before.first);
    });

    await test.step('Ana mutes the call in the page that plays it: its microphone track stops carrying her voice', async () => {
      await callWith(secondPage, 'Lucía Fernández').getByRole('button', { name: 'Mute' }).click();
      await expect(callWith(first, 'Lucía Fernández')).toContainText('Microphone muted');
      await expect.poll(() => openMicrophones(secondPage)).toEqual({ live: 0, muted: 1 });
    });

    await test.step('Ana closes the page that plays the call: the other page plays it within moments, not after the grace, still muted', async () => {
      const playing = await mediaCounts(first);
      await secondPage.close();
      // The closed page told main, as it went, that it let go of the call's media: main did not wait the grace it
      // keeps for a page that may come back (OWNER_RETURN_GRACE_MS, 5 s) before asking the first page for it.
      await expect
        .poll(async () => (await mediaCounts(first)).microphones, { timeout: 3_000, message: 'the first page made the call’s media well within the grace' })
        .toBeGreaterThan(playing.microphones);
      await expectAudioReceived(first);
      // RTP goes on (silence), but the microphone the first page opened for the call is muted, as Ana left it: main
      // told the page of her mute before it asked for the call's media.
      await expectAudioSent(first);
      await expect.poll(() => openMicrophones(first), { message: 'the page that took the call opened its microphone muted' }).toEqual({ live: 0, muted: 1 });
      await expect(callWith(first, 'Lucía Fernández')).toContainText('Microphone muted');
    });

    await test.step('Ana unmutes in the page left: her voice goes out again', async () => {
      await callWith(first, 'Lucía Fernández').getByRole('button', { name: 'Unmute' }).click();
      await expect.poll(() => openMicrophones(first)).toEqual({ live: 1, muted: 0 });
    });

    await test.step('Ana hangs up in the page left; the call is gone and her microphone released', async () => {
      await callWith(first, 'Lucía Fernández').getByRole('button', { name: 'Hang up' }).click();
      await customer.waitForEvent('CALL_CLOSED');
      await expect(first.getByRole('list', { name: 'Current calls' }).getByRole('listitem')).toHaveCount(0);
      await expect.poll(() => liveMicrophones(first)).toBe(0);
    });
  });
});

test('Ana dials from her second page and closes the page that made the offer while the phone rings: once it is answered, the other page plays the call', async ({
  sip,
  browser,
}) => {
  const ana = await sip.agent('Ana Ruiz', USERS.ana);
  const customer = await sip.phone(USERS.customer, { answerMode: 'manual' });
  const offering = ana.page;
  const opening = 'the first page counts its media and warms the connection for her next call, then a second page opens';
  await onTwoPages({ browser, host: ana.host, first: offering, opening }, async (staying) => {
    const before = { offering: await mediaCounts(offering), staying: await mediaCounts(staying) };

    await test.step('Ana dials the customer from the second page: his phone rings, with the offer the first page made on its warmed connection', async () => {
      const box = staying.getByRole('combobox', { name: 'Phone number or SIP address' });
      await box.fill(customer.sipUri);
      await box.press('Enter');
      await customer.waitForEvent('CALL_INCOMING');
      await expect(callWith(staying, USERS.customer)).toContainText('Ringing');
      expect((await mediaCounts(offering)).microphones).toBe(before.offering.microphones + 1);
      expect(await mediaCounts(staying)).toEqual(before.staying);
    });

    await test.step('while it rings, Ana closes the first page, the one that made the offer', async () => {
      await offering.close();
      await expect(callWith(staying, USERS.customer)).toContainText('Ringing');
    });

    await test.step('the customer answers: the second page makes the call’s media within moments, and audio flows both ways', async () => {
      await customer.answer();
      await customer.waitForEvent('CALL_ESTABLISHED');
      await expect(callWith(staying, USERS.customer)).toContainText('Connected');
      // The answer was for the closed page's offer and went nowhere: main re-offered the call from the page left.
      await expect
        .poll(async () => (await mediaCounts(staying)).microphones, { timeout: 3_000, message: 'the second page made the call’s media once it was answered' })
        .toBe(before.staying.microphones + 1);
      await expectAudioReceived(staying);
      await expectAudioSent(staying);
      await customer.waitForEvent('CALL_RTPESTAB', { timeoutMs: 15_000 });
    });

    await test.step('Ana hangs up: the phone received her audio, and her microphone is released', async () => {
      await callWith(staying, USERS.customer).getByRole('button', { name: 'Hang up' }).click();
      await customer.waitForEvent('CALL_CLOSED');
      expect((await customer.rtpStats()).receive.packets).toBeGreaterThan(0);
      await expect.poll(() => liveMicrophones(staying)).toBe(0);
    });
  });
});

test('Lucía rings while Ana’s only page is away: when the page is back, her call’s media is prepared before Ana answers', async ({ sip }) => {
  const ana = await sip.agent('Ana Ruiz', USERS.ana);
  const customer = await sip.phone(USERS.customer, { displayName: 'Lucía Fernández' });
  const page = ana.page;
  const socket = await routeContract(page);
  await countingMediaFromReload(page, true);
  const before = await mediaCounts(page);

  await test.step('the page’s connection to main drops; Lucía calls and main has her INVITE (it rings at her end)', async () => {
    await socket.drop();
    await customer.dial(`sip:${USERS.ana}@${sip.kamailio.domain}`);
    await customer.waitForEvent('CALL_RINGING');
  });

  await test.step('the connection comes back: Lucía’s call rings in the page, and its media is prepared before Ana answers', async () => {
    socket.comeBack();
    await expect(callWith(page, 'Lucía Fernández').getByRole('button', { name: 'Answer' })).toBeVisible({ timeout: 15_000 });
    await expect.poll(async () => (await mediaCounts(page)).microphones, { message: 'her call was prepared before the answer' }).toBe(before.microphones + 1);
    // Because the page told main, on the new connection, what media it holds (a list), not only on its first (none).
    expect(socket.ready).toEqual([null, expect.any(Array)]);
  });

  await test.step('Ana answers: the prepared media plays the call, both ways, with no second microphone', async () => {
    await callWith(page, 'Lucía Fernández').getByRole('button', { name: 'Answer' }).click();
    await expect(callWith(page, 'Lucía Fernández')).toContainText('Connected');
    await customer.waitForEvent('CALL_ESTABLISHED');
    await expectAudioReceived(page);
    await expectAudioSent(page);
    expect((await mediaCounts(page)).microphones).toBe(before.microphones + 1);
  });

  await test.step('Ana hangs up; her microphone is released', async () => {
    await callWith(page, 'Lucía Fernández').getByRole('button', { name: 'Hang up' }).click();
    await customer.waitForEvent('CALL_CLOSED');
    await expect.poll(() => liveMicrophones(page)).toBe(0);
  });
});

test('both pages’ connections blink mid-call: the call stays with the page that plays it, for the hold and for the hang-up', async ({ sip, browser }) => {
  const ana = await sip.agent('Ana Ruiz', USERS.ana);
  const customer = await sip.phone(USERS.customer, { displayName: 'Lucía Fernández' });
  const first = ana.page;
  const firstSocket = await routeContract(first);
  let secondSocket: Blinking | undefined;
  const opening = 'the first page counts its media (reloaded), then a second page opens: the newest, it will play Lucía’s call';
  const prepare = async (context: BrowserContext) => (secondSocket = await routeContract(context));
  await onTwoPages({ browser, host: ana.host, first, opening, prepare }, async (player) => {
    const playerSocket = secondSocket!;

    await test.step('Lucía calls and Ana answers; the second page plays the call', async () => {
      await answeredIn(player, customer, sip.kamailio.domain);
    });
    const before = await mediaCounts(first);

    await test.step('both connections drop; the playing page comes back first, then the other: that one is now main’s newest window', async () => {
      await firstSocket.drop();
      await playerSocket.drop();
      playerSocket.comeBack();
      await expect.poll(() => playerSocket.ready.length, { timeout: 15_000 }).toBe(2);
      expect(playerSocket.ready[1]?.length).toBeGreaterThan(0);
      firstSocket.comeBack();
      await expect.poll(() => firstSocket.ready.length, { timeout: 15_000 }).toBe(2);
    });

    await test.step('Ana holds the call from the newest page: the playing page makes the hold, the other opens nothing', async () => {
      await callWith(first, 'Lucía Fernández').getByRole('button', { name: 'Hold' }).click();
      await expect(callWith(first, 'Lucía Fernández')).toContainText('On hold');
      await callWith(first, 'Lucía Fernández').getByRole('button', { name: 'Resume' }).click();
      await expect(callWith(first, 'Lucía Fernández')).toContainText('Connected');
      await expectAudioReceived(player);
      expect(await mediaCounts(first)).toEqual(before);
    });

    await test.step('Ana hangs up from the newest page: the playing page releases her microphone', async () => {
      await callWith(first, 'Lucía Fernández').getByRole('button', { name: 'Hang up' }).click();
      await customer.waitForEvent('CALL_CLOSED');
      await expect.poll(() => liveMicrophones(player)).toBe(0);
      expect(await liveMicrophones(first)).toBe(0);
    });
  });
});

test('both pages’ connections drop and the page without the call’s media comes back first: main waits for the playing page, and nothing moves', async ({
  sip,
  browser,
}) => {
  const ana = await sip.agent('Ana Ruiz', USERS.ana);
  const customer = await sip.phone(USERS.customer, { displayName: 'Lucía Fernández' });
  const first = ana.page;
  const firstSocket = await routeContract(first);
  let secondSocket: Blinking | undefined;
  let second: Page | undefined;
  try {
    await test.step('the first page counts its media (reloaded), then a second page opens and plays Lucía’s call', async () => {
      await countingMediaFromReload(first, false);
      second = await openSecondPage(browser, ana.host, async (context) => (secondSocket = await routeContract(context)));
      await answeredIn(second, customer, sip.kamailio.domain);
    });
    const player = second!;
    const playerSocket = secondSocket!;
    const before = { first: await mediaCounts(first), player: await mediaCounts(player) };

    await test.step('both connections drop; the page without the media comes back first, and a second later the playing page', async () => {
      await firstSocket.drop();
      await playerSocket.drop();
      firstSocket.comeBack();
      await expect.poll(() => firstSocket.ready.length, { timeout: 15_000 }).toBe(2);
      // Main has answered it, so it has decided: had it not waited for the playing page, it would have asked this page for the call's media by now.
      await expect.poll(() => firstSocket.readyAnswered(), { timeout: 15_000 }).toBe(2);
      playerSocket.comeBack();
      await expect.poll(() => playerSocket.ready.length, { timeout: 15_000 }).toBe(2);
      expect(playerSocket.ready[1]?.length).toBeGreaterThan(0);
    });

    await test.step('the call stayed where it plays: the first page opened nothing, the playing page kept its connection and still hears Lucía', async () => {
      await expectAudioReceived(player);
      expect(await mediaCounts(first)).toEqual(before.first);
      expect(await mediaCounts(player)).toEqual(before.player);
      expect(await liveMicrophones(first)).toBe(0);
      expect(await liveMicrophones(player)).toBeGreaterThan(0);
    });

    await test.step('Ana hangs up: the playing page releases her microphone', async () => {
      await callWith(first, 'Lucía Fernández').getByRole('button', { name: 'Hang up' }).click();
      await customer.waitForEvent('CALL_CLOSED');
      await expect.poll(() => liveMicrophones(player)).toBe(0);
    });
  } finally {
    await second?.context().close();
  }
});
