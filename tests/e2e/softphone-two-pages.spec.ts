/**
 * One desk open in two pages: a call's media belongs to one page only (main's
 * MediaBroker addresses the call's media requests to its owner, the newest
 * page). Real Kamailio + rtpengine + baresip, the real browser host, two
 * Chromium pages on it with fake audio devices. Each page counts, from before
 * its own scripts run, the peer connections it creates and the microphones it
 * opens: that is what "preparing media" costs, observed from outside the app.
 *
 *   npm run build && unshare -n bash -c 'ip link set lo up && npx playwright test --project e2e tests/e2e/softphone-two-pages.spec.ts'
 */
import type { Browser, Page } from '@playwright/test';
import type { TandemHost } from './fixtures';
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
    return getUserMedia(constraints);
  };
}

const mediaCounts = (page: Page): Promise<MediaCounts> => page.evaluate(() => ({ ...(Reflect.get(window, '__mediaCounts') as MediaCounts) }));

const phoneLine = (page: Page) => page.getByRole('status', { name: 'Phone line' });
const callWith = (page: Page, text: string) => page.getByRole('list', { name: 'Current calls' }).getByRole('listitem').filter({ hasText: text });

/** Opens the same desk (same host, its own token cookie) in a new browser context, counting media from the start. */
async function openSecondPage(browser: Browser, host: TandemHost): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript(countMedia);
  const page = await context.newPage();
  await host.open(page, '/?debug=media');
  await expect(phoneLine(page)).toContainText('Registered');
  return page;
}

test('Ana has her desk open in two pages: a call rings in both, but only the newest page prepares its media and plays it', async ({ sip, browser }) => {
  const ana = await sip.agent('Ana Ruiz', USERS.ana);
  const customer = await sip.phone(USERS.customer, { displayName: 'Lucía Fernández' });
  const first = ana.page;
  let second: Page | undefined;
  try {
    await test.step('the first page counts its media (reloaded with the counter), then a second page opens on the same desk', async () => {
      await first.context().addInitScript(countMedia);
      await first.reload();
      await expect(phoneLine(first)).toContainText('Registered');
      // The reloaded page warms the standby connection for the next outbound call: wait for it, so it is not counted as the call's.
      await expect.poll(async () => (await mediaCounts(first)).peerConnections, { message: 'the first page warmed its standby connection' }).toBeGreaterThan(0);
      second = await openSecondPage(browser, ana.host);
    });
    const secondPage = second!;
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

    await test.step('Ana hangs up; the call is gone from both pages', async () => {
      await callWith(secondPage, 'Lucía Fernández').getByRole('button', { name: 'Hang up' }).click();
      await customer.waitForEvent('CALL_CLOSED');
      await expect(first.getByRole('list', { name: 'Current calls' }).getByRole('listitem')).toHaveCount(0);
      await expect(secondPage.getByRole('list', { name: 'Current calls' }).getByRole('listitem')).toHaveCount(0);
    });
  } finally {
    await second?.context().close();
  }
});
