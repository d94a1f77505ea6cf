import { chmod, mkdir, mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/app/createCore';
import { silentLogger } from '../../../main/core/log/logger';
import { Profile } from '../../../main/core/profile/profileSchema';
import { MemorySecretStore } from '../../../main/core/secrets/secretStore';
import { JsonPreferencesStore } from '../../../main/core/settings/preferencesStore';
import { ensurePrivateDir } from '../../../main/core/storage/privateFs';
import { StateFile } from '../../../main/core/storage/stateFile';

const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tandem-private-'));
}

describe.runIf(process.platform !== 'win32')('the desk’s data folder is the agent’s alone', () => {
  it('new folders are 0700 all the way down, state files 0600', async () => {
    const root = join(await tempDir(), 'tandem');
    const cursors = join(root, 'social', 'accounts', 'bluesky-acme', 'cursors.json');
    await new StateFile<{ seq: number }>(cursors).write({ seq: 1 });

    for (const dir of [root, join(root, 'social'), join(root, 'social', 'accounts'), join(root, 'social', 'accounts', 'bluesky-acme')]) {
      expect(await modeOf(dir), dir).toBe(0o700);
    }
    expect(await modeOf(cursors)).toBe(0o600);
  });

  it('a folder an older version left 0755 is tightened to 0700', async () => {
    const dir = join(await tempDir(), 'tandem');
    await mkdir(dir, { mode: 0o755 });
    await chmod(dir, 0o755);
    await ensurePrivateDir(dir);
    expect(await modeOf(dir)).toBe(0o700);
  });

  it('opening the desk tightens the data folder, the social subtree and the preferences file', async () => {
    const dataDir = join(await tempDir(), 'tandem');
    const social = join(dataDir, 'social');
    // Step 1: what an older version left behind, readable by everyone.
    await mkdir(join(social, 'accounts', 'bluesky-acme'), { recursive: true, mode: 0o755 });
    for (const dir of [dataDir, social, join(social, 'accounts'), join(social, 'accounts', 'bluesky-acme')]) await chmod(dir, 0o755);
    await writeFile(join(social, 'journal.jsonl'), '', { mode: 0o644 });
    await writeFile(join(dataDir, 'preferences.json'), '{}', { mode: 0o644 });
    await chmod(join(social, 'journal.jsonl'), 0o644);
    await chmod(join(dataDir, 'preferences.json'), 0o644);

    // Step 2: the desk opens with a social account.
    const core = await createCore({
      profile: Profile.parse({ social: [{ network: 'bluesky', service: 'http://127.0.0.1:9', handle: 'acmecorp.test' }] }),
      secrets: new MemorySecretStore(),
      preferences: new JsonPreferencesStore(join(dataDir, 'preferences.json')),
      shell: 'web',
      version: '0.0.0-test',
      log: silentLogger,
      dataDir,
    });
    await core.dispose();

    // Step 3: nothing is left for other local users.
    for (const dir of [dataDir, social, join(social, 'accounts'), join(social, 'accounts', 'bluesky-acme')]) expect(await modeOf(dir), dir).toBe(0o700);
    expect(await modeOf(join(social, 'journal.jsonl'))).toBe(0o600);
    expect(await modeOf(join(dataDir, 'preferences.json'))).toBe(0o600);
  });
});
