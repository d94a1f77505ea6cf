import type { Language, PublicSettings, Theme } from '../../../preload/contract';
import type { EventBus } from '../events/eventBus';
import type { Profile } from '../profile/profileSchema';
import { secretKeys, type SecretStore } from '../secrets/secretStore';
import type { Preferences, PreferencesStore } from './preferencesStore';

/**
 * The single owner of configuration. The profile gives the accounts; the
 * agent's own choices (language, theme) override it and persist. Only the
 * public view ever leaves main: `hasPassword`, never the password.
 */
export class SettingsService {
  #preferences: Preferences;

  private constructor(
    private readonly profile: Profile,
    private readonly secrets: SecretStore,
    private readonly store: PreferencesStore,
    private readonly events: EventBus,
    preferences: Preferences,
    private readonly onLanguage: (language: Language) => Promise<void>,
  ) {
    this.#preferences = preferences;
  }

  static async open(options: {
    profile: Profile;
    secrets: SecretStore;
    store: PreferencesStore;
    events: EventBus;
    onLanguage: (language: Language) => Promise<void>;
  }): Promise<SettingsService> {
    const { profile, secrets } = options;
    // Secrets from the profile move into the secret store, the only place services read them from.
    if (profile.sip?.password !== undefined) await secrets.set(secretKeys.sipPassword, profile.sip.password);
    for (const account of profile.social) {
      if (account.appPassword !== undefined) {
        await secrets.set(secretKeys.socialAppPassword(account.network, account.handle), account.appPassword);
      }
    }
    const preferences = await options.store.load();
    return new SettingsService(profile, secrets, options.store, options.events, preferences, options.onLanguage);
  }

  get language(): Language {
    return this.#preferences.language ?? this.profile.language;
  }

  get theme(): Theme {
    return this.#preferences.theme ?? 'system';
  }

  async publicSettings(): Promise<PublicSettings> {
    const { profile } = this;
    const sip = profile.sip;
    return {
      language: this.language,
      theme: this.theme,
      agent: { name: profile.agent.name, role: profile.agent.role },
      sip:
        sip === undefined
          ? null
          : {
              server: sip.server,
              uri: sip.uri,
              displayName: sip.displayName,
              defaultRegion: sip.defaultRegion,
              hasPassword: (await this.secrets.get(secretKeys.sipPassword)) !== undefined,
            },
      social: await Promise.all(
        profile.social.map(async (account) => ({
          network: account.network,
          service: account.service,
          handle: account.handle,
          hasAppPassword: (await this.secrets.get(secretKeys.socialAppPassword(account.network, account.handle))) !== undefined,
        })),
      ),
      team: { roster: profile.team.roster.map(({ name, uri }) => ({ name, uri })) },
    };
  }

  async setLanguage(language: Language): Promise<PublicSettings> {
    await this.update({ language });
    await this.onLanguage(language);
    return this.announce();
  }

  async setTheme(theme: Theme): Promise<PublicSettings> {
    await this.update({ theme });
    return this.announce();
  }

  private async update(change: Preferences): Promise<void> {
    this.#preferences = { ...this.#preferences, ...change };
    await this.store.save(this.#preferences);
  }

  private async announce(): Promise<PublicSettings> {
    const settings = await this.publicSettings();
    this.events.emit('settings:changed', settings);
    return settings;
  }
}
