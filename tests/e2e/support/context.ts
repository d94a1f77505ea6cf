/**
 * The customer context's end-to-end world: the SIP world (tests/e2e/support/softphone.ts:
 * Kamailio + rtpengine + baresip phones) plus the local Bluesky network
 * (tests/e2e/support/bluesky.ts: PLC + PDS + chat stand-in, a brand account with an app
 * password) and ONE agent whose browser host profile carries both `sip` and `social`.
 *
 * Run inside a loopback-only namespace:
 *   npm run build && unshare -n bash -c 'ip link set lo up && npx playwright test --project=e2e tests/e2e/context.spec.ts'
 */
import type { Browser, Locator, Page } from '@playwright/test';
import type { Kamailio } from '../../peers/kamailio';
import { startHost, type TandemHost } from '../fixtures';
import { startSocialNetwork, type SocialNetwork } from './bluesky';
import { expect, test as sipTest, USERS } from './softphone';

/** The agent's SIP password in Kamailio's user table (tests/e2e/support/softphone.ts). */
const AGENT_PASSWORD = 'pw-ana';

export interface ContextDesk {
  readonly host: TandemHost;
  readonly page: Page;
  readonly network: SocialNetwork;
}

/** The agent's profile: the softphone account (region US, so the customer shows as +1…) and the brand's Bluesky account. */
export function deskProfile(kamailio: Kamailio, network: SocialNetwork): unknown {
  const social = network.profile() as { agent: unknown; social: unknown[] };
  return {
    ...social,
    sip: {
      server: kamailio.wsUrl,
      uri: `sip:${USERS.ana}@${kamailio.domain}`,
      authorizationUser: USERS.ana,
      password: AGENT_PASSWORD,
      displayName: 'Ana Ruiz',
      defaultRegion: 'US',
      iceServers: [],
    },
  };
}

/** Opens the desk for a host: line registered, social connector live. */
export async function openDesk(browser: Browser, host: TandemHost): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  // The launch code becomes a cookie and the host redirects to a clean address.
  await page.goto(host.url);
  await expect(page.getByRole('status', { name: 'Phone line' })).toContainText('Registered', { timeout: 15_000 });
  await expect(page.getByText('Live', { exact: true })).toBeVisible({ timeout: 30_000 });
  return page;
}

/** The SIP world plus the Bluesky network plus one desk with both accounts. */
export const test = sipTest.extend<{ desk: ContextDesk }>({
  desk: async ({ sip, browser }, use) => {
    const network = await startSocialNetwork('deskbrand.test');
    const host = await startHost(deskProfile(sip.kamailio, network));
    try {
      const page = await openDesk(browser, host);
      await use({ host, page, network });
      await page.context().close();
    } finally {
      await host.stop();
      await network.close();
    }
  },
});

// --- the page, by role and accessible name ------------------------------------------

export const contextRegion = (page: Page): Locator => page.getByRole('region', { name: 'Caller context' });
export const currentCalls = (page: Page): Locator => page.getByRole('list', { name: 'Current calls' });
export const callWith = (page: Page, text: string | RegExp): Locator => currentCalls(page).getByRole('listitem').filter({ hasText: text });
/** The panel's sections are regions named by their headings. */
export const sectionOf = (page: Page, name: string): Locator => contextRegion(page).getByRole('region', { name });
export const timelineOf = (page: Page): Locator => contextRegion(page).getByRole('region', { name: 'Customer timeline' });

export { expect, USERS };
