import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, type Cookie, type Page } from '@playwright/test';

export interface TandemHost {
  /** The address the host printed: its `*.localhost` name and a launch code that works once. */
  readonly url: string;
  /** The same address without the code. */
  readonly origin: string;
  /**
   * Opens `path` of the desk in a page, signed in: the first page through the printed address (the code is
   * spent), every later one with the cookie that exchange gave, as a second window of the same browser would.
   */
  open(page: Page, path?: string): Promise<void>;
  stop(): Promise<void>;
  /** Kills the host process outright (SIGKILL): a desk that vanishes without signing out. */
  kill(): Promise<void>;
}

/** Starts the real browser host (`out/main/web.cjs`) with a profile, on a free loopback port. */
export async function startHost(profile: unknown = { agent: { name: 'Ana Ruiz', role: 'agent' } }): Promise<TandemHost> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-e2e-'));
  const profileFile = join(dir, 'profile.json');
  await writeFile(profileFile, JSON.stringify(profile));
  await chmod(profileFile, 0o600);
  const child: ChildProcess = spawn(process.execPath, ['out/main/web.cjs', '--port', '0', '--profile', profileFile, '--data-dir', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`web host exited with ${code ?? 'a signal'} before printing its URL`)));
  });
  const origin = new URL(url).origin;
  let cookie: Cookie | undefined;
  return {
    url,
    origin,
    async open(page, path = '/') {
      if (cookie === undefined) {
        await page.goto(url);
        cookie = (await page.context().cookies(origin)).find((candidate) => candidate.name.startsWith('tandem_token_'));
        if (cookie === undefined) throw new Error('the launch address gave no cookie');
        if (path !== '/') await page.goto(`${origin}${path}`);
        return;
      }
      await page.context().addCookies([cookie]);
      await page.goto(`${origin}${path}`);
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
    kill: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

export const test = base.extend<{ host: TandemHost }>({
  // Playwright reads the fixture list from the destructuring pattern, so it has to be there even when empty.
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const host = await startHost();
    await use(host);
    await host.stop();
  },
});

export { expect } from '@playwright/test';
