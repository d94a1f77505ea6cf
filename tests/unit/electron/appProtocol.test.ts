import type { CustomScheme, Protocol } from 'electron';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import { APP_PAGE_URL, registerAppScheme, serveApp } from '../../../main/electron/appProtocol';
import { RENDERER_CSP } from '../../../main/electron/csp';
import { appFiles } from '../../../main/electron/paths';

type Handler = Parameters<Protocol['handle']>[1];

/** Electron's `protocol`, reduced to the two calls the shell makes; it remembers what it was given. */
function fakeProtocol() {
  const handlers = new Map<string, Handler>();
  const privileged: CustomScheme[] = [];
  const protocol: Pick<Protocol, 'handle' | 'registerSchemesAsPrivileged'> = {
    handle: (scheme, handler) => void handlers.set(scheme, handler),
    registerSchemesAsPrivileged: (schemes) => void privileged.push(...schemes),
  };
  const request = async (url: string, init?: RequestInit): Promise<Response> => {
    const handler = handlers.get(new URL(url).protocol.replace(/:$/, ''));
    if (handler === undefined) throw new Error(`nothing handles ${url}`);
    return handler(new Request(url, init));
  };
  return { protocol, privileged, request };
}

const PAGE = '<!doctype html><title>Tandem</title><script type="module" src="./assets/app.js"></script>';

describe('the desktop window loads Tandem from app://tandem, not file://', () => {
  let dir: string;
  let rendererDir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-app-protocol-'));
    rendererDir = join(dir, 'out', 'renderer');
    await mkdir(join(rendererDir, 'assets'), { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), PAGE);
    await writeFile(join(rendererDir, 'assets', 'app.js'), 'export {};');
    // Beside the build output: what an attacker would like the page (or a page it injected) to read.
    await writeFile(join(dir, 'secrets.json'), '{"sip.password":"hunter2"}');
    await mkdir(join(dir, 'home'));
    await writeFile(join(dir, 'home', 'notes.txt'), 'private');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the page a privileged origin of its own: standard, secure, fetch, and nothing more', () => {
    const { protocol, privileged } = fakeProtocol();
    registerAppScheme(protocol);
    expect(privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
    expect(appFiles(join(dir, 'out', 'main')).pageUrl).toBe('app://tandem/index.html');
  });

  it('serves the page and its scripts with their types and the CSP header', async () => {
    const { protocol, request } = fakeProtocol();
    serveApp(protocol, rendererDir, silentLogger);

    // Step 1: the page the window loads.
    const page = await request(APP_PAGE_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe(PAGE);

    // Step 2: the module script it asks for, which Chromium runs only with a JavaScript type.
    const script = await request('app://tandem/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('export {};');
  });

  it('refuses every path that climbs out of the build output, and still sends the CSP', async () => {
    const { protocol, request } = fakeProtocol();
    serveApp(protocol, rendererDir, silentLogger);
    for (const path of [
      '/..%2f..%2fsecrets.json',
      '/assets/..%2f..%2f..%2fsecrets.json',
      '/%2e%2e%2f%2e%2e%2fsecrets.json',
      '/index.html%00.png',
      '/%E0%A4%A',
    ]) {
      const response = await request(`app://tandem${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toBe('');
      expect(response.headers.get('content-security-policy'), path).toBe(RENDERER_CSP);
    }
  });

  it('refuses a symbolic link planted in the build output that leads outside it', async () => {
    const { protocol, request } = fakeProtocol();
    serveApp(protocol, rendererDir, silentLogger);
    // Step 1: a link to one file outside, and a link to a whole folder outside.
    await symlink(join(dir, 'secrets.json'), join(rendererDir, 'assets', 'leak.json'));
    await symlink(join(dir, 'home'), join(rendererDir, 'home'));
    // Step 2: neither is served.
    const leak = await request('app://tandem/assets/leak.json');
    expect(leak.status).toBe(404);
    expect(await leak.text()).not.toContain('hunter2');
    expect((await request('app://tandem/home/notes.txt')).status).toBe(404);
    // Step 3: a link that stays inside the build output is an ordinary file.
    await symlink(join(rendererDir, 'index.html'), join(rendererDir, 'alias.html'));
    expect((await request('app://tandem/alias.html')).status).toBe(200);
  });

  it('answers only reads of host tandem, never a folder', async () => {
    const { protocol, request } = fakeProtocol();
    serveApp(protocol, rendererDir, silentLogger);
    expect((await request('app://other/index.html')).status).toBe(404);
    expect((await request(APP_PAGE_URL, { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await request('app://tandem/assets/')).status).toBe(404);
    const head = await request(APP_PAGE_URL, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
