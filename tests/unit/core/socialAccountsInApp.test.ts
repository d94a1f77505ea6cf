import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/core/events/eventBus';
import { Profile } from '../../../main/core/profile/profileSchema';
import { AccountSecrets, socialIdentity } from '../../../main/core/secrets/accountSecrets';
import { MemorySecretStore } from '../../../main/core/secrets/secretStore';
import { MemoryPreferencesStore } from '../../../main/core/settings/preferencesStore';
import { SettingsService } from '../../../main/core/settings/settingsService';
import { testBlueskyLogin } from '../../../main/core/social/bluesky/loginTest';
import { systemClock } from '../../../main/core/time/clock';

/**
 * Maya runs a fresh seat with no social account in its profile. She connects
 * the brand's Bluesky account in the app, the desk restarts, she removes it.
 * The app password is only ever readable for the account it was given for.
 */
const BRAND = { network: 'bluesky' as const, service: 'https://pds.example.com', handle: 'brand.example.com', appPassword: 'app-pass-1234' };

class Seat {
  readonly secrets = new MemorySecretStore();
  readonly preferences = new MemoryPreferencesStore();
  open(profile: unknown = {}): Promise<SettingsService> {
    return SettingsService.open({
      profile: Profile.parse(profile),
      secrets: this.secrets,
      store: this.preferences,
      events: new EventBus(),
      onLanguage: () => Promise.resolve(),
    });
  }
  password(account: { network: string; service: string; handle: string }): Promise<string | undefined> {
    return new AccountSecrets(this.secrets).get(socialIdentity(account));
  }
}

describe('a Bluesky account set up in the app', () => {
  it('is kept with its app password bound to network, service and handle, and survives a restart', async () => {
    const seat = new Seat();
    const settings = await seat.open();
    const { settings: published, account } = await settings.addSocialAccount(BRAND);
    expect(account).toEqual({ network: 'bluesky', service: BRAND.service, handle: BRAND.handle });
    expect(published.social).toEqual([{ network: 'bluesky', service: BRAND.service, handle: BRAND.handle, hasAppPassword: true, origin: 'app' }]);
    expect(JSON.stringify(published)).not.toContain(BRAND.appPassword);

    expect(await seat.password(BRAND)).toBe(BRAND.appPassword);
    // The same handle on another service is another account: it gets nothing.
    expect(await seat.password({ ...BRAND, service: 'https://evil.example.net' })).toBeUndefined();

    const restarted = await seat.open();
    expect(restarted.socialAccounts()).toEqual([{ account: { network: 'bluesky', service: BRAND.service, handle: BRAND.handle }, origin: 'app' }]);
  });

  it('the same account twice is refused, not replaced', async () => {
    const settings = await new Seat().open();
    await settings.addSocialAccount(BRAND);
    await expect(settings.addSocialAccount({ ...BRAND, appPassword: 'another' })).rejects.toMatchObject({ messageKey: 'settings.errors.socialAccountExists' });
  });

  it('removing it clears its app password; the profile’s accounts stay the deployment’s', async () => {
    const seat = new Seat();
    const profile = { social: [{ network: 'bluesky', service: 'https://bsky.social', handle: 'scripted.example.com', appPassword: 'from-profile' }] };
    const settings = await seat.open(profile);
    await settings.addSocialAccount(BRAND);

    const after = await settings.removeSocialAccount(`bluesky:${BRAND.handle}`);
    expect(after.social.map(({ handle, origin }) => ({ handle, origin }))).toEqual([{ handle: 'scripted.example.com', origin: 'profile' }]);
    expect(await seat.password(BRAND)).toBeUndefined();
    await expect(settings.removeSocialAccount('bluesky:scripted.example.com')).rejects.toMatchObject({ messageKey: 'settings.errors.profileAccount' });
    expect((await seat.open(profile)).socialAccounts()).toHaveLength(1);
  });

  it('a phone-only seat hides the social column, and the choice persists', async () => {
    const seat = new Seat();
    expect((await (await seat.open()).publicSettings()).socialColumn).toBe('shown');
    await (await seat.open()).setSocialColumn('hidden');
    expect((await (await seat.open()).publicSettings()).socialColumn).toBe('hidden');
  });

  it('the connection test says "unreachable" when nothing answers at the service address', async () => {
    await expect(testBlueskyLogin({ service: 'http://127.0.0.1:1', handle: BRAND.handle, appPassword: 'x' }, systemClock, 5_000)).rejects.toMatchObject({
      code: 'unavailable',
      messageKey: 'settings.errors.socialUnreachable',
    });
  });
});
