/**
 * The Node side of the bare sip.js page (`barePage.ts`): bundles it with
 * esbuild, serves it from a loopback HTTP server and opens it registered to
 * the bench's Kamailio. Used by `answer.bench.ts`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from '@playwright/test';
import { build } from 'esbuild';
import type { Kamailio } from '../../peers/kamailio';
import type { BarePage, BareRegistration, BareRtpTiming } from './barePage';

export type { BareRtpTiming };

/** The bare page's script, bundled with sip.js (esbuild, at bench time). */
async function barePageHtml(): Promise<string> {
  const bundle = await build({ entryPoints: ['tests/bench/support/barePage.ts'], bundle: true, write: false, format: 'iife', target: 'chrome120' });
  const script = bundle.outputFiles[0]?.text ?? '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>bare sip.js</title></head><body><script>${script.replaceAll('</script', '<\\/script')}</script></body></html>`;
}

/**
 * Served from a real loopback HTTP server, not `page.route`: Chromium places a routed response in no address
 * space, and its Local Network Access rules then refuse the page's WebSocket to Kamailio on 127.0.0.1.
 */
export async function serveBarePage(): Promise<{ url: string; close: () => Promise<void> }> {
  const html = await barePageHtml();
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export async function openBarePage(browser: Browser, kamailio: Kamailio, url: string, user: string, password: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loadBarePage(page, kamailio, url, user, password);
  return page;
}

/** The address fragment that makes the bare page register itself as soon as it loads (read at the end of barePage.ts). */
const registrationHash = (options: BareRegistration): string => `#${new URLSearchParams({ ...options }).toString()}`;

/**
 * (Re)loads the bare page, which registers itself as it loads; resolves with navigation start →
 * Registered (ms), the bare page's "page load → registered".
 */
export async function loadBarePage(page: Page, kamailio: Kamailio, url: string, user: string, password: string): Promise<number> {
  await page.goto(`${url}?load=${Date.now()}${registrationHash({ wsUrl: kamailio.wsUrl, uri: `sip:${user}@${kamailio.domain}`, user, password })}`);
  const handle = await page
    .waitForFunction(
      () => {
        const bare = Reflect.get(window, '__bare') as BarePage | undefined;
        const error = bare?.registrationError() ?? null;
        if (error !== null) throw new Error(error);
        return bare?.registeredSinceNavigation() ?? false;
      },
      undefined,
      { timeout: 15_000, polling: 5 },
    )
    .catch((error: unknown) => {
      throw new Error('the bare sip.js page did not register with Kamailio', { cause: error });
    });
  return (await handle.jsonValue()) as number;
}

/** Clicks the bare page's Answer button and polls like the Tandem probe; resolves with click → first inbound RTP. */
export async function bareAnswerAndTimeRtp(page: Page, timeoutMs = 10_000): Promise<number> {
  const timing = await page.evaluate((ms) => (Reflect.get(window, '__bare') as BarePage).answerAndTimeRtp(ms), timeoutMs);
  return timing.statsAt - timing.clickAt;
}
