import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/app/createCore';
import { silentLogger } from '../../../main/core/log/logger';
import { Profile } from '../../../main/core/profile/profileSchema';
import { MemorySecretStore } from '../../../main/core/secrets/secretStore';
import { JsonPreferencesStore, type Preferences, type PreferencesStore } from '../../../main/core/settings/preferencesStore';
import { StateFile } from '../../../main/core/storage/stateFile';
import type { PublicSettings, Theme } from '@tandem/contract';

const THEMES: readonly Theme[] = ['light', 'dark', 'system'];
const themeAt = (index: number): Theme => THEMES[index % THEMES.length] ?? 'system';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tandem-saves-'));
}

const coreWith = (preferences: PreferencesStore) =>
  createCore({ profile: Profile.parse({}), secrets: new MemorySecretStore(), preferences, shell: 'web', version: '0.0.0-test', log: silentLogger });

describe('an agent clicks the theme switch a thousand times in a burst', () => {
  it('every save resolves and the file holds the last theme (the store alone)', async () => {
    const dir = await tempDir();
    const file = join(dir, 'preferences.json');
    const store = new JsonPreferencesStore(file);

    const saves = Array.from({ length: 1000 }, (_, index) => store.save({ theme: themeAt(index) }));
    const settled = await Promise.allSettled(saves);

    expect(settled.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ theme: themeAt(999) });
    expect(await readdir(dir)).toEqual(['preferences.json']);
  });

  it('through the contract: all answer ok, and memory and disk agree on the last theme', async () => {
    const dir = await tempDir();
    const file = join(dir, 'preferences.json');
    const core = await coreWith(new JsonPreferencesStore(file));

    // Step 1: a thousand changes at once, as a stuck key would send them.
    const answers = await Promise.all(Array.from({ length: 1000 }, (_, index) => core.dispatch('settings:setTheme', { theme: themeAt(index) })));
    expect(answers.filter((answer) => !answer.ok)).toEqual([]);

    // Step 2: the app and the file say the same thing, the last click.
    const shown = await core.dispatch('settings:get', {});
    expect(shown).toMatchObject({ ok: true, value: { theme: themeAt(999) } });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ theme: themeAt(999) });
    await core.dispose();
  });

  it('a save the disk refuses is reported, and the app keeps showing what the disk holds', async () => {
    let failNext = false;
    const store: PreferencesStore & { saved: Preferences } = {
      saved: {},
      load: () => Promise.resolve({}),
      save(preferences) {
        if (failNext) return Promise.reject(new Error('ENOSPC: no space left on device'));
        this.saved = { ...preferences };
        return Promise.resolve();
      },
    };
    const core = await coreWith(store);
    expect(await core.dispatch('settings:setTheme', { theme: 'dark' })).toMatchObject({ ok: true });

    failNext = true;
    const refused = await core.dispatch('settings:setTheme', { theme: 'light' });
    expect(refused.ok).toBe(false);
    const shown = (await core.dispatch('settings:get', {})) as { ok: true; value: PublicSettings };
    expect(shown.value.theme).toBe('dark');
    expect(store.saved.theme).toBe('dark');
    await core.dispose();
  });
});

describe('two writers of one state file', () => {
  it('concurrent writes through two StateFiles on one path all land, last one wins', async () => {
    const dir = await tempDir();
    const path = join(dir, 'social', 'outbox.json');
    const first = new StateFile<number>(path);
    const second = new StateFile<number>(path);
    const writes = Array.from({ length: 200 }, (_, index) => (index % 2 === 0 ? first : second).write(index));
    expect((await Promise.allSettled(writes)).filter((result) => result.status === 'rejected')).toEqual([]);
    expect(await first.read()).toBe(199);
    expect(await readdir(join(dir, 'social'))).toEqual(['outbox.json']);
  });
});
