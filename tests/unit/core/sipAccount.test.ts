import { describe, expect, it } from 'vitest';
import { testCore } from '../../support/testCore';

const account = {
  server: 'ws://127.0.0.1:9',
  uri: 'sip:1001@127.0.0.1',
  authorizationUser: '1001',
  password: 'typed-secret',
  displayName: 'Ana R.',
  defaultRegion: 'ES',
};

describe('an agent types her phone account in the settings screen', () => {
  it('main keeps the account, the password goes to the secret store and never comes back', async () => {
    const core = await testCore();
    const result = await core.dispatch('settings:setSipAccount', account);
    expect(result).toMatchObject({
      ok: true,
      value: { sip: { uri: 'sip:1001@127.0.0.1', authorizationUser: '1001', defaultRegion: 'ES', hasPassword: true } },
    });
    expect(JSON.stringify(result)).not.toContain('typed-secret');
    // The softphone started over with the new account: it is no longer unconfigured.
    expect(core.softphone.snapshot().registration.state).not.toBe('unconfigured');
    await core.dispose();
  });

  it('refuses a malformed account with the schema, before anything changes', async () => {
    const core = await testCore();
    for (const bad of [
      { ...account, server: 'http://x' },
      { ...account, uri: 'not a uri' },
      { ...account, defaultRegion: 'usa' },
      { ...account, extra: 1 },
    ]) {
      expect(await core.dispatch('settings:setSipAccount', bad)).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    }
    expect(core.softphone.snapshot().registration.state).toBe('unconfigured');
  });

  it('keeps the stored password when the form leaves it empty', async () => {
    const core = await testCore();
    await core.dispatch('settings:setSipAccount', account);
    const { password: _password, ...withoutPassword } = account;
    const result = await core.dispatch('settings:setSipAccount', { ...withoutPassword, displayName: 'Ana Ruiz' });
    expect(result).toMatchObject({ ok: true, value: { sip: { displayName: 'Ana Ruiz', hasPassword: true } } });
    await core.dispose();
  });

  it('a new app password for an unknown social account is refused', async () => {
    const core = await testCore();
    expect(await core.dispatch('settings:setSocialAppPassword', { accountId: 'bluesky:nobody.test', appPassword: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'rejected', messageKey: 'social.errors.unknownAccount' },
    });
  });
});
