import { createCore, type Core } from '../../main/core/app/createCore';
import { silentLogger } from '../../main/core/log/logger';
import { Profile } from '../../main/core/profile/profileSchema';
import { MemorySecretStore } from '../../main/core/secrets/secretStore';
import { MemoryPreferencesStore } from '../../main/core/settings/preferencesStore';

/** A core as the browser host builds it, with an in-memory everything. */
export function testCore(profile: unknown = {}, shell: 'web' | 'electron' = 'web'): Promise<Core> {
  return createCore({
    profile: Profile.parse(profile),
    secrets: new MemorySecretStore(),
    preferences: new MemoryPreferencesStore(),
    shell,
    version: '0.0.0-test',
    log: silentLogger,
  });
}

export const anaProfile = {
  language: 'en',
  agent: { name: 'Ana Ruiz', role: 'agent' },
  sip: {
    server: 'ws://127.0.0.1:8088',
    uri: 'sip:1001@127.0.0.1',
    authorizationUser: '1001',
    password: 'pw1001',
    displayName: 'Ana R.',
    defaultRegion: 'US',
    iceServers: [],
  },
  social: [{ network: 'bluesky', service: 'http://127.0.0.1:2583', handle: 'acmecorp.test', appPassword: 'xxxx-xxxx-xxxx-xxxx' }],
  team: { roster: [{ name: 'Ben K.', uri: 'sip:1002@127.0.0.1' }] },
} as const;
