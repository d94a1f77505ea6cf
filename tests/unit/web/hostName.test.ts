import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostNameFor } from '../../../main/web/hostName';

describe("the browser host's name", () => {
  it('is made once per data folder, kept private, and the same on the next launch (IndexedDB is per origin)', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'tandem-name-')), 'data');
    const first = await hostNameFor(dataDir);
    expect(first).toMatch(/^t[0-9a-f]{16}\.localhost$/);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dataDir, 'web-host-name'))).mode & 0o777).toBe(0o600);
    expect(await hostNameFor(dataDir)).toBe(first);
  });

  it('differs between data folders, so another install cannot guess it', async () => {
    const a = await hostNameFor(await mkdtemp(join(tmpdir(), 'tandem-name-')));
    const b = await hostNameFor(await mkdtemp(join(tmpdir(), 'tandem-name-')));
    expect(a).not.toBe(b);
  });

  it('replaces a stored name that is not one of ours rather than serving it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tandem-name-'));
    await writeFile(join(dataDir, 'web-host-name'), 'evil.example\n');
    const name = await hostNameFor(dataDir);
    expect(name).toMatch(/^t[0-9a-f]{16}\.localhost$/);
    expect((await readFile(join(dataDir, 'web-host-name'), 'utf8')).trim()).toBe(name);
  });
});
