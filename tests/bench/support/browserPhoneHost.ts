/**
 * The Node side of Browser-Phone in the answer bench (issue 14 item 5): BENCH_BROWSER_PHONE names a
 * checkout of github.com/InnovateAsterisk/Browser-Phone; its Phone/ and lib/ are served from a
 * loopback HTTP server (as barePageHost.ts serves the bare page, for the same Local Network Access
 * reason), and the page is opened with browserPhonePage.ts's probe, registered to the bench's Kamailio.
 *
 * Its index.html loads jQuery, SIP.js 0.20 and the rest from a CDN; the same files are in the
 * checkout's lib/. The server rewrites those addresses to itself, and every request for any other
 * host than 127.0.0.1 is answered from lib/ or aborted, so the page never tries the network.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import type { Kamailio } from '../../peers/kamailio';
import type { BarePage } from './barePage';
import { installBrowserPhoneProbe } from './browserPhonePage';

const CDN = 'https://dtd6jl0d42sve.cloudfront.net';
/** CDN paths (under lib/) whose file has another name in the checkout's lib/. */
const LIB_ALIASES: Readonly<Record<string, string>> = {
  'Croppie/Croppie-2.6.4/croppie.css': 'Croppie/croppie.css',
  'Croppie/Croppie-2.6.4/croppie.min.js': 'Croppie/croppie-2.6.4.min.js',
};
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webp': 'image/webp',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.mp3': 'audio/mpeg',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
};

/** The checkout to load, or why the Browser-Phone column stays empty. */
export function browserPhoneSource(): { dir: string } | { absent: string } {
  const dir = process.env['BENCH_BROWSER_PHONE'];
  const how = 'set BENCH_BROWSER_PHONE to a checkout of github.com/InnovateAsterisk/Browser-Phone (the directory holding Phone/index.html and lib/) to fill it';
  if (dir === undefined || dir === '') return { absent: `Browser-Phone: n/a — not loaded in this run; ${how}` };
  if (!existsSync(join(dir, 'Phone', 'index.html'))) return { absent: `Browser-Phone: n/a — BENCH_BROWSER_PHONE=${dir} has no Phone/index.html; ${how}` };
  return { dir: resolve(dir) };
}

/** A path under the checkout for a request path (`/Phone/…`, `/lib/…`), or null when it would leave it. */
function fileFor(root: string, path: string): string | null {
  const decoded = decodeURIComponent(path);
  const lib = /^\/lib\/(.*)$/.exec(decoded)?.[1];
  const file = normalize(join(root, lib === undefined ? decoded : join('lib', LIB_ALIASES[lib] ?? lib)));
  return file.startsWith(root + sep) ? file : null;
}

/** Its files; index.html with the CDN's addresses pointing here; a missing stylesheet answered empty (the CDN has one lib/ lacks). */
async function answer(root: string, path: string): Promise<{ status: number; type: string; body: Buffer | string }> {
  const file = fileFor(root, path);
  const type = TYPES[extname(path)] ?? 'application/octet-stream';
  const body = file === null ? null : await readFile(file).catch(() => null);
  if (body === null) return extname(path) === '.css' ? { status: 200, type, body: '' } : { status: 404, type: 'text/plain', body: 'not here' };
  if (path === '/Phone/index.html') return { status: 200, type, body: body.toString('utf8').replaceAll(`${CDN}/lib/`, '/lib/') };
  return { status: 200, type, body };
}

export async function serveBrowserPhone(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    void answer(root, path).then(({ status, type, body }) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/Phone/index.html`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** Its requests for hosts other than 127.0.0.1, by host: answered from lib/ or aborted (the notes under the table say which). */
const offLoopback = new Map<string, { answered: number; aborted: number }>();

export interface BrowserPhoneAccount {
  readonly user: string;
  readonly password: string;
}

/**
 * A context for Browser-Phone: its service worker blocked (it would cache and fetch on its own,
 * past the routes), its settings and the probe installed before its scripts, and every request
 * for another host than 127.0.0.1 answered from the checkout's lib/ (the CDN) or aborted.
 */
export async function openBrowserPhone(browser: Browser, root: string, kamailio: Kamailio, url: string, account: BrowserPhoneAccount): Promise<Page> {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
  const ws = new URL(kamailio.wsUrl);
  await context.addInitScript(installBrowserPhoneProbe, {
    host: ws.hostname,
    port: ws.port,
    domain: kamailio.domain,
    user: account.user,
    password: account.password,
    displayName: 'Browser-Phone desk',
  });
  await context.route(
    (address) => address.hostname !== '127.0.0.1',
    async (route) => {
      const address = new URL(route.request().url());
      const file = address.origin === CDN ? fileFor(root, address.pathname) : null;
      const seen = offLoopback.get(address.host) ?? { answered: 0, aborted: 0 };
      offLoopback.set(address.host, file === null ? { ...seen, aborted: seen.aborted + 1 } : { ...seen, answered: seen.answered + 1 });
      if (file === null) return route.abort('blockedbyclient');
      const { status, type, body } = await answer(root, address.pathname);
      return route.fulfill({ status, contentType: type, body });
    },
  );
  const page = await context.newPage();
  await loadBrowserPhone(page, url);
  return page;
}

/** (Re)loads Browser-Phone, which registers as it loads; resolves with navigation start → REGISTER's 200 OK (ms). */
export async function loadBrowserPhone(page: Page, url: string): Promise<number> {
  await page.goto(`${url}?load=${Date.now()}`);
  const handle = await page
    .waitForFunction(() => (Reflect.get(window, '__bare') as BarePage | undefined)?.registeredSinceNavigation() ?? false, undefined, {
      timeout: 20_000,
      polling: 5,
    })
    .catch((error: unknown) => {
      throw new Error('Browser-Phone did not register with Kamailio', { cause: error });
    });
  return (await handle.jsonValue()) as number;
}

/** Printed under the side-by-side table: what was loaded, and how its rows differ from the bare page's. */
export function browserPhoneNotes(root: string): string[] {
  const version = existsSync(join(root, 'VERSION')) ? readFileSync(join(root, 'VERSION'), 'utf8').trim() : 'unknown version';
  return [
    `its own files (${version}, ${root}) with its default settings but ws:// for its hard-coded wss:// and no voicemail SUBSCRIBE; registered as 1010`,
    'page load → registered: navigation start → the 200 OK to its REGISTER arriving on its WebSocket (sip.js marks it Registered in that task)',
    "Call click → far end ringing: its DialByLine('audio', …), what its dial pad's Call button runs, called in the page with the number",
    `its requests for other hosts than 127.0.0.1: ${
      [...offLoopback].map(([host, { answered, aborted }]) => `${host} ${answered} answered from lib/, ${aborted} aborted`).join('; ') || 'none'
    }`,
  ];
}

/**
 * Proof that it ran: screenshots of Browser-Phone registered and ringing (`dir`/browser-phone-*.png),
 * from one call the caller places and cancels before the measured ones.
 */
export async function screenshotBrowserPhone(page: Page, dir: string, dial: () => Promise<unknown>, cancel: () => Promise<unknown>): Promise<void> {
  await page.screenshot({ path: join(dir, 'browser-phone-registered.png') });
  const seen = await page.evaluate(() => (Reflect.get(window, '__bare') as BarePage).answersSeen());
  await dial();
  await page.waitForFunction((n) => (Reflect.get(window, '__bare') as BarePage).answersSeen() > n, seen, { timeout: 10_000, polling: 5 });
  await page.screenshot({ path: join(dir, 'browser-phone-ringing.png') });
  await cancel();
  await page.waitForFunction(() => (Reflect.get(window, '__bare') as BarePage).callCount() === 0, undefined, { timeout: 10_000, polling: 10 });
}
