import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../../../main/core/log/logger';
import { startWebHost, type WebHost } from '../../../main/web/webHost';
import { testCore } from '../../support/testCore';

const TOKEN = 'test-token-0123456789abcdef';

let host: WebHost;
let origin: string;

beforeEach(async () => {
  const rendererDir = await mkdtemp(join(tmpdir(), 'tandem-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<html><head><script type="module" src="./app.js"></script></head><body></body></html>');
  await writeFile(join(rendererDir, 'app.js'), 'console.log(1)');
  host = await startWebHost({ core: await testCore(), rendererDir, token: TOKEN, port: 0, log: silentLogger });
  origin = `http://127.0.0.1:${host.port}`;
});

afterEach(() => host.close());

/** Every frame main sent on a socket, in order, from the moment it opened. */
const framesOf = new WeakMap<WebSocket, unknown[]>();

/** Opens the contract socket and resolves once it is open, or with the refusal. */
function openSocket(headers: Record<string, string>, query = ''): Promise<WebSocket | { refused: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/contract${query}`, { headers });
    const frames: unknown[] = [];
    framesOf.set(ws, frames);
    ws.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString())));
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response) => resolve({ refused: response.statusCode ?? 0 }));
    ws.once('error', () => resolve({ refused: -1 }));
  });
}

/** Waits for the first frame (from `from` on) that `match` accepts; events main pushes in between are skipped. */
async function frameWhere(ws: WebSocket, match: (frame: unknown) => boolean, from = 0): Promise<unknown> {
  const frames = framesOf.get(ws) ?? [];
  for (;;) {
    const found = frames.slice(from).find(match);
    if (found !== undefined) return found;
    await new Promise<void>((resolve) => ws.once('message', () => resolve()));
  }
}

/** Sends an invoke frame and resolves with the result frame carrying its id. */
function call(ws: WebSocket, frame: { id: number } & Record<string, unknown>): Promise<unknown> {
  const from = framesOf.get(ws)?.length ?? 0;
  ws.send(JSON.stringify(frame));
  return frameWhere(ws, (f) => typeof f === 'object' && f !== null && 'kind' in f && f.kind === 'result' && 'id' in f && f.id === frame.id, from);
}

describe('the browser host', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${TOKEN}`);
  });

  it('shows a refusal page to a browser without the token', async () => {
    const response = await fetch(`${origin}/`);
    expect(response.status).toBe(401);
    const page = await response.text();
    expect(page).toContain('Access refused');
    expect(page).not.toContain('app.js');
  });

  it('swaps the token in the URL for an HttpOnly cookie and then serves the page with the bridge', async () => {
    const first = await fetch(host.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const page = await fetch(`${origin}/`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.indexOf('bridge.js')).toBeGreaterThan(-1);
    expect(html.indexOf('bridge.js')).toBeLessThan(html.indexOf('app.js'));
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('does not serve files outside the renderer', async () => {
    const headers = { cookie: `tandem_token_${host.port}=${TOKEN}` };
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%2fpackage.json', '/a%00.html']) {
      const response = await fetch(`${origin}${path}`, { headers });
      expect([400, 404]).toContain(response.status);
    }
  });

  it('refuses a socket without the token, or from a foreign origin even with it', async () => {
    expect(await openSocket({ Origin: origin })).toEqual({ refused: 403 });
    expect(await openSocket({ Origin: 'http://evil.example', cookie: `tandem_token_${host.port}=${TOKEN}` })).toEqual({ refused: 403 });
    expect(await openSocket({ cookie: `tandem_token_${host.port}=${TOKEN}` })).toEqual({ refused: 403 });
    expect(await openSocket({ Origin: origin }, '?token=wrong')).toEqual({ refused: 403 });
  });

  it('greets every new socket with app:connected before anything else, so a reconnecting tab knows to re-read', async () => {
    const headers = { Origin: origin, cookie: `tandem_token_${host.port}=${TOKEN}` };
    for (const _attempt of [1, 2]) {
      const ws = await openSocket(headers);
      if (!(ws instanceof WebSocket)) throw new Error(`socket refused: ${JSON.stringify(ws)}`);
      await frameWhere(ws, () => true);
      expect(framesOf.get(ws)?.[0]).toEqual({ kind: 'event', event: 'app:connected', payload: {} });
      ws.close();
    }
  });

  it('speaks the contract over an authorised socket and survives junk frames', async () => {
    const ws = await openSocket({ Origin: origin, cookie: `tandem_token_${host.port}=${TOKEN}` });
    if (!(ws instanceof WebSocket)) throw new Error(`socket refused: ${JSON.stringify(ws)}`);
    expect(await call(ws, { kind: 'invoke', id: 1, channel: 'settings:setLanguage', payload: { language: 'klingon' } })).toMatchObject({
      kind: 'result',
      id: 1,
      result: { ok: false, error: { code: 'invalid-payload' } },
    });
    expect(await call(ws, { kind: 'invoke', id: 2, channel: 'nope', payload: {}, extra: true })).toMatchObject({
      id: 2,
      result: { ok: false, error: { code: 'invalid-payload' } },
    });
    ws.send('not json at all');
    ws.send(Buffer.from([0, 1, 2]));
    expect(await call(ws, { kind: 'invoke', id: 3, channel: 'app:getInfo', payload: {} })).toMatchObject({
      id: 3,
      result: { ok: true, value: { name: 'Tandem', shell: 'web' } },
    });
    ws.close();
  });
});
