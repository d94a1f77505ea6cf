import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base } from '@playwright/test';

export interface TandemHost {
  /** The URL the host printed, token included. */
  readonly url: string;
  /** The same address without the token. */
  readonly origin: string;
  stop(): Promise<void>;
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
  return {
    url,
    origin: new URL(url).origin,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
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
