import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/app/createCore';
import { silentLogger } from '../../../main/core/log/logger';
import { Profile } from '../../../main/core/profile/profileSchema';
import { AccountSecrets, sipIdentity, socialIdentity } from '../../../main/core/secrets/accountSecrets';
import { legacySecretKeys, MemorySecretStore, type SecretStore } from '../../../main/core/secrets/secretStore';
import { MemoryPreferencesStore } from '../../../main/core/settings/preferencesStore';
import type { PublicSettings } from '@tandem/contract';
import { anaProfile } from '../../support/testCore';

const ana = { server: 'ws://127.0.0.1:8088', uri: 'sip:1001@127.0.0.1', authorizationUser: '1001', displayName: 'Ana R.', defaultRegion: 'US' };
const acme = anaProfile.social[0];

/** A secret store whose entries a test can see and tamper with. */
class VisibleSecretStore implements SecretStore {
  readonly values = new Map<string, string>();
  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }
  set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }
}

/** One seat across restarts: the same secret and preference stores, a new core each start. */
class Seat {
  readonly secrets = new VisibleSecretStore();
  readonly preferences = new MemoryPreferencesStore();
  readonly cores: Core[] = [];

  async start(profile: unknown): Promise<Core> {
    const core = await createCore({
      profile: Profile.parse(profile),
      secrets: this.secrets,
      preferences: this.preferences,
      shell: 'electron',
      version: '0.0.0-test',
      log: silentLogger,
    });
    this.cores.push(core);
    return core;
  }

  /** The SIP password this seat would answer a challenge with for `account`. */
  sipPassword(account: { server: string; uri: string; authorizationUser?: string }): Promise<string | undefined> {
    return new AccountSecrets(this.secrets).get(sipIdentity(account));
  }

  async stop(): Promise<void> {
    for (const core of this.cores.splice(0)) await core.dispose();
  }
}

async function settingsOf(core: Core): Promise<PublicSettings> {
  const answer = await core.dispatch('settings:get', {});
  if (!answer.ok) throw new Error('settings:get failed');
  return answer.value as PublicSettings;
}

describe('a secret is bound to the account it was given for', () => {
  it('is found for the same account, however its server URL is spelled, and for no other', async () => {
    const secrets = new AccountSecrets(new MemorySecretStore());
    await secrets.set(sipIdentity(ana), 'pw1001', 'app');

    expect(await secrets.get(sipIdentity({ ...ana, server: 'WS://127.0.0.1:8088/' }))).toBe('pw1001');
    expect(await secrets.get(sipIdentity({ ...ana, authorizationUser: undefined }))).toBe('pw1001');
    for (const other of [
      { ...ana, server: 'ws://127.0.0.1:9999' },
      { ...ana, uri: 'sip:1001@evil.example' },
      { ...ana, authorizationUser: '1002' },
    ]) {
      expect(await secrets.get(sipIdentity(other))).toBeUndefined();
    }
  });

  it('a record copied under another account’s key is refused: the record names its account', async () => {
    const store = new VisibleSecretStore();
    const secrets = new AccountSecrets(store);
    await secrets.set(sipIdentity(ana), 'pw1001', 'app');
    const [anaKey] = [...store.values.keys()];
    const other = sipIdentity({ ...ana, server: 'ws://127.0.0.1:9999' });
    await secrets.set(other, 'placeholder', 'app');
    const otherKey = [...store.values.keys()].find((key) => key !== anaKey) ?? '';

    store.values.set(otherKey, store.values.get(anaKey ?? '') ?? '');

    expect(await secrets.get(other)).toBeUndefined();
    // The store's key names say nothing about the account.
    expect([...store.values.keys()].join(' ')).not.toMatch(/127\.0\.0\.1|1001/);
  });

  it('a social app password is bound to network, service and handle', async () => {
    const secrets = new AccountSecrets(new MemorySecretStore());
    await secrets.set(socialIdentity(acme), 'app-pw', 'app');
    expect(await secrets.get(socialIdentity({ ...acme, handle: 'ACMECORP.test' }))).toBe('app-pw');
    expect(await secrets.get(socialIdentity({ ...acme, service: 'http://127.0.0.1:9999' }))).toBeUndefined();
  });
});

describe('an agent edits her phone account in the app', () => {
  it('changing the server, the domain or the authorization user without the password is refused, and nothing changes', async () => {
    const seat = new Seat();
    const core = await seat.start(anaProfile);
    const { password: _profilePassword, iceServers: _ice, ...profileAccount } = anaProfile.sip;

    for (const change of [{ server: 'ws://127.0.0.1:9999' }, { uri: 'sip:1001@other.example' }, { authorizationUser: '9001' }]) {
      const answer = await core.dispatch('settings:setSipAccount', { ...profileAccount, ...change });
      expect(answer, JSON.stringify(change)).toMatchObject({ ok: false, error: { code: 'rejected', messageKey: 'settings.errors.passwordRequired' } });
    }

    expect((await settingsOf(core)).sip).toMatchObject({ server: anaProfile.sip.server, authorizationUser: '1001', hasPassword: true });
    expect(await seat.sipPassword(anaProfile.sip)).toBe('pw1001');
    await seat.stop();
  });

  it('a display name or region change keeps the stored password', async () => {
    const seat = new Seat();
    const core = await seat.start(anaProfile);
    const { password: _profilePassword, iceServers: _ice, ...profileAccount } = anaProfile.sip;
    const answer = await core.dispatch('settings:setSipAccount', { ...profileAccount, displayName: 'Ana Ruiz', defaultRegion: 'ES' });
    expect(answer).toMatchObject({ ok: true, value: { sip: { displayName: 'Ana Ruiz', hasPassword: true } } });
    expect(await seat.sipPassword(anaProfile.sip)).toBe('pw1001');
    await seat.stop();
  });

  it('a new server with its password goes through, and the old account’s password is cleared', async () => {
    const seat = new Seat();
    const core = await seat.start(anaProfile);
    const { password: _profilePassword, iceServers: _ice, ...profileAccount } = anaProfile.sip;
    const moved = { ...profileAccount, server: 'ws://127.0.0.1:9999' };

    expect(await core.dispatch('settings:setSipAccount', { ...moved, password: 'new-pw' })).toMatchObject({ ok: true, value: { sip: { hasPassword: true } } });

    expect(await seat.sipPassword(moved)).toBe('new-pw');
    expect(await seat.sipPassword(anaProfile.sip)).toBeUndefined();
    await seat.stop();
  });
});

describe('the profile and the app agree on whose password wins at start-up', () => {
  it('what the agent typed for the profile’s own account survives a restart with the profile', async () => {
    const seat = new Seat();
    const first = await seat.start(anaProfile);
    const { password: _profilePassword, iceServers: _ice, ...profileAccount } = anaProfile.sip;
    await first.dispatch('settings:setSipAccount', { ...profileAccount, password: 'typed-in-app' });
    await first.dispatch('settings:setSocialAppPassword', { accountId: `bluesky:${acme.handle}`, appPassword: 'typed-app-pw' });
    await seat.stop();

    await seat.start(anaProfile);

    expect(await seat.sipPassword(anaProfile.sip)).toBe('typed-in-app');
    expect(await new AccountSecrets(seat.secrets).get(socialIdentity(acme))).toBe('typed-app-pw');
    await seat.stop();
  });

  it('a rotated profile password replaces the older profile password', async () => {
    const seat = new Seat();
    await seat.start(anaProfile);
    await seat.stop();

    await seat.start({ ...anaProfile, sip: { ...anaProfile.sip, password: 'rotated' } });

    expect(await seat.sipPassword(anaProfile.sip)).toBe('rotated');
    await seat.stop();
  });

  it('when the agent typed another account, each account keeps its own password, and the typed one stays in force', async () => {
    const seat = new Seat();
    const first = await seat.start(anaProfile);
    const { password: _profilePassword, iceServers: _ice, ...profileAccount } = anaProfile.sip;
    const typed = { ...profileAccount, server: 'ws://127.0.0.1:9999', authorizationUser: '2001' };
    await first.dispatch('settings:setSipAccount', { ...typed, password: 'typed-pw' });
    await seat.stop();

    const second = await seat.start(anaProfile);

    expect((await settingsOf(second)).sip).toMatchObject({ server: typed.server, authorizationUser: '2001', hasPassword: true });
    expect(await seat.sipPassword(typed)).toBe('typed-pw');
    expect(await seat.sipPassword(anaProfile.sip)).toBe('pw1001');
    await seat.stop();
  });

  it('an unbound password left by an older version is dropped, not used', async () => {
    const seat = new Seat();
    await seat.secrets.set(legacySecretKeys.sipPassword, 'old-unbound');
    await seat.start({ agent: { name: 'Ana' } });
    expect(seat.secrets.values.has(legacySecretKeys.sipPassword)).toBe(false);
    expect([...seat.secrets.values.values()].join(' ')).not.toContain('old-unbound');
    await seat.stop();
  });
});
