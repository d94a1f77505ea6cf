import { createCore, type Core } from '../../../main/core/app/createCore';
import { silentLogger } from '../../../main/core/log/logger';
import { Profile } from '../../../main/core/profile/profileSchema';
import { MemorySecretStore } from '../../../main/core/secrets/secretStore';
import { MemoryPreferencesStore } from '../../../main/core/settings/preferencesStore';

/** Runs `story` on a desk whose profile names no team database (Ana, alone), and disposes of it after. */
export async function withSoloDesk(story: (core: Core) => Promise<void>): Promise<void> {
  const core = await createCore({
    profile: Profile.parse({ agent: { name: 'Ana Ruiz' } }),
    secrets: new MemorySecretStore(),
    preferences: new MemoryPreferencesStore(),
    shell: 'web',
    version: '0.0.0-test',
    log: silentLogger,
  });
  try {
    await story(core);
  } finally {
    await core.dispose();
  }
}
