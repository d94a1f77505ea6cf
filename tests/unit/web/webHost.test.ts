import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../../../main/core/log/logger';
import { startWebHost, type WebHost } from '../../../main/web/webHost';
import { call, cookieFrom, frameWhere, framesSoFar, get, openSocket } from '../../support/webHostClient';
import { testCore } from '../../support/testCore';
import { rawRequest } from '../../integration/support/rawSocket';

const TOKEN = 'test-token-0123456789abcdef';
const NAME = 't0123456789abcdef.localhost';

let host: WebHost;

beforeEach(async () => {
  const rendererDir = await mkdtemp(join(tmpdir(), 'tandem-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<html><head><script type="module" src="./app.js"></script></head><body></body></html>');
  await writeFile(join(rendererDir, 'app.js'), 'console.log(1)');
  await mkdir(join(rendererDir, 'assets'));
  await writeFile(join(rendererDir, 'assets', 'index-CjgTnv9E.js'), 'console.log(2)');
  host = await startWebHost({ core: await testCore(), rendererDir, token: TOKEN, hostName: NAME, port: 0, log: silentLogger });
});

afterEach(() => host.close());

const authorised = () => ({ Origin: host.origin, cookie: `tandem_token_${host.port}=${TOKEN}` });

describe('the browser host', () => {
  it('prints an address on its own name with a launch code, never the token', () => {
    expect(host.origin).toBe(`http://${NAME}:${host.port}`);
    expect(host.url.startsWith(`http://${NAME}:${host.port}/?launch=`)).toBe(true);
    expect(new URL(host.url).searchParams.get('launch')).toMatch(/^[\w-]{24}$/);
    expect(host.url).not.toContain(TOKEN);
  });

  it('shows a refusal page to a browser without the cookie', async () => {
    const response = await get(host, '/');
    expect(response.status).toBe(401);
    expect(response.body).toContain('Access refused');
    expect(response.body).not.toContain('app.js');
  });

  it('swaps the launch code for an HttpOnly host-only cookie once, then serves the page with the bridge', async () => {
    const { pathname, search } = new URL(host.url);
    const first = await get(host, `${pathname}${search}`);
    expect(first.status).toBe(303);
    expect(first.headers['location']).toBe('/');
    const cookie = first.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Domain=/i);

    // Step: the code is spent; a second use of the printed address is refused.
    expect((await get(host, `${pathname}${search}`)).status).toBe(401);

    const page = await get(host, '/', { cookie: cookie.split(';')[0] ?? '' });
    expect(page.status).toBe(200);
    expect(page.body.indexOf('bridge.js')).toBeGreaterThan(-1);
    expect(page.body.indexOf('bridge.js')).toBeLessThan(page.body.indexOf('app.js'));
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://${NAME}:${host.port} wss:`);
  });

  it('lets the browser keep a bundle named after its content for good (and its compiled code with it), but asks again for the page and the bridge', async () => {
    const cookie = authorised().cookie;
    const bundle = await get(host, '/assets/index-CjgTnv9E.js', { cookie });
    expect(bundle.status).toBe(200);
    expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get(host, '/app.js', { cookie })).headers['cache-control']).toBe('no-cache');
    expect((await get(host, '/', { cookie })).headers['cache-control']).toBe('no-store');
    // Not served is not cached either.
    const missing = await get(host, '/assets/index-AAAAAAAA.js', { cookie });
    expect(missing.status).toBe(404);
    expect(missing.headers['cache-control']).toBeUndefined();
  });

  it('still takes a fixed token in the address (a wall board)', async () => {
    const reply = await get(host, `/?token=${TOKEN}`);
    expect(reply.status).toBe(303);
    expect(reply.headers['set-cookie']?.[0]?.startsWith(`tandem_token_${host.port}=${TOKEN};`)).toBe(true);
  });

  it('sends the bare loopback address to its name, without a cookie or a page', async () => {
    const reply = await get(host, `/?launch=x`, { host: `127.0.0.1:${host.port}` });
    expect(reply.status).toBe(308);
    expect(reply.headers['location']).toBe(`${host.origin}/?launch=x`);
    expect(reply.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a request addressed to any other host, cookie or not', async () => {
    for (const other of ['evil.example', `${NAME}:1`, `tffffffffffffffff.localhost:${host.port}`, `127.0.0.1:1`]) {
      expect((await get(host, '/', { host: other, cookie: `tandem_token_${host.port}=${TOKEN}` })).status).toBe(421);
    }
  });

  it('answers a target that is not a path with 400, and `//` as the path it is (nothing there)', async () => {
    const cookie = `tandem_token_${host.port}=${TOKEN}`;
    for (const target of ['http://evil/', '*']) expect((await get(host, target, { cookie })).status).toBe(400);
    expect((await get(host, '//', { cookie })).status).toBe(404);
  });

  it('does not serve files outside the renderer', async () => {
    const headers = { cookie: `tandem_token_${host.port}=${TOKEN}` };
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%2fpackage.json', '/a%00.html', '/%']) {
      const response = await get(host, path, headers);
      expect([400, 404]).toContain(response.status);
    }
  });

  it('refuses a socket without the cookie, from a foreign origin, or to another host, even with the cookie', async () => {
    const cookie = `tandem_token_${host.port}=${TOKEN}`;
    expect(await openSocket(host, { Origin: host.origin })).toEqual({ refused: 403 });
    expect(await openSocket(host, { Origin: 'http://evil.example', cookie })).toEqual({ refused: 403 });
    expect(await openSocket(host, { Origin: `http://127.0.0.1:${host.port}`, cookie })).toEqual({ refused: 403 });
    expect(await openSocket(host, { cookie })).toEqual({ refused: 403 });
    expect(await openSocket(host, { Origin: host.origin }, '/contract?token=wrong')).toEqual({ refused: 403 });
    expect(await openSocket(host, { ...authorised(), Host: `127.0.0.1:${host.port}` })).toEqual({ refused: 421 });
    expect(await openSocket(host, { ...authorised(), Host: 'evil.example' })).toEqual({ refused: 421 });
  });

  it('greets every new socket with app:connected before anything else, so a reconnecting tab knows to re-read', async () => {
    const cookie = await cookieFrom(host, host.url);
    for (const _attempt of [1, 2]) {
      const ws = await openSocket(host, { Origin: host.origin, cookie });
      if (!(ws instanceof WebSocket)) throw new Error(`socket refused: ${JSON.stringify(ws)}`);
      await frameWhere(ws, () => true);
      expect(framesSoFar(ws)[0]).toEqual({ kind: 'event', event: 'app:connected', payload: {} });
      ws.close();
    }
  });

  it('speaks the contract over an authorised socket and survives junk frames', async () => {
    const ws = await openSocket(host, authorised());
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

  it('holds no more contract sockets than its cap, and frees a slot when one closes', async () => {
    await host.close();
    const rendererDir = await mkdtemp(join(tmpdir(), 'tandem-renderer-'));
    host = await startWebHost({
      core: await testCore(),
      rendererDir,
      token: TOKEN,
      hostName: NAME,
      port: 0,
      log: silentLogger,
      limits: { connections: 16, contractSockets: 2 },
    });
    const first = await openSocket(host, authorised());
    const second = await openSocket(host, authorised());
    expect(await openSocket(host, authorised())).toEqual({ refused: 503 });
    if (!(first instanceof WebSocket) || !(second instanceof WebSocket)) throw new Error('the first two sockets were refused');
    await new Promise<void>((resolve) => {
      first.once('close', () => resolve());
      first.close();
    });
    await expect
      .poll(async () => {
        const again = await openSocket(host, authorised());
        if (again instanceof WebSocket) again.close();
        return again instanceof WebSocket;
      })
      .toBe(true);
    second.close();
  });
});

describe('a connection that sends no request in time', () => {
  beforeEach(async () => {
    await host.close();
    const rendererDir = await mkdtemp(join(tmpdir(), 'tandem-renderer-'));
    const timeouts = { headersMs: 150, requestMs: 300, checkEveryMs: 50 };
    host = await startWebHost({ core: await testCore(), rendererDir, token: TOKEN, hostName: NAME, port: 0, log: silentLogger, timeouts });
  });

  it('is told 408 and closed: a browser sends the request again on a new connection, where a 400 failed the reload', async () => {
    // Step: a connection the browser opened ahead of need (a preconnect) and never used.
    const idle = await rawRequest(host.port, '');
    expect(idle.status).toBe(408);
    expect(idle.head).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(idle.head).toContain('Connection: close');

    // Step: one that stalls halfway through its headers.
    expect((await rawRequest(host.port, `GET / HTTP/1.1\r\nHost: ${NAME}:${host.port}\r\n`)).status).toBe(408);
  });

  it('while a request the parser cannot read is still a 400', async () => {
    expect((await rawRequest(host.port, 'NOT HTTP AT ALL\r\n\r\n')).head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });
});
