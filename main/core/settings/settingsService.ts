import type { Language, PublicSettings, SipAccountInput, Theme } from '../../../preload/contract';
import { ContractFailure } from '../contract/contractFailure';
import type { EventBus } from '../events/eventBus';
import type { Profile, SipAccount } from '../profile/profileSchema';
import { secretKeys, type SecretStore } from '../secrets/secretStore';
import type { Preferences, PreferencesStore } from './preferencesStore';

/** How the softphone takes part in a SIP account change. */
export interface SipAccountHooks {
  /** Throws a ContractFailure when the account can't change now (calls in progress). */
  changing(): void;
  changed(account: SipAccount | undefined): Promise<void>;
}

/**
 * The single owner of configuration. The profile gives the accounts; the
 * agent's own choices (language, theme) override it and persist. Only the
 * public view ever leaves main: `hasPassword`, never the password.
 */
export class SettingsService {
  #preferences: Preferences;
  /** Counts changes, so a late answer from the store never undoes a newer one. */
  #version = 0;
  /** What the store last confirmed, with the change count it reflects. */
  #persisted: { version: number; preferences: Preferences };

  private constructor(
    private readonly profile: Profile,
    private readonly secrets: SecretStore,
    private readonly store: PreferencesStore,
    private readonly events: EventBus,
    preferences: Preferences,
    private readonly onLanguage: (language: Language) => Promise<void>,
    private readonly sipHooks: SipAccountHooks,
  ) {
    this.#preferences = preferences;
    this.#persisted = { version: 0, preferences };
  }

  static async open(options: {
    profile: Profile;
    secrets: SecretStore;
    store: PreferencesStore;
    events: EventBus;
    onLanguage: (language: Language) => Promise<void>;
    sipHooks?: SipAccountHooks;
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
    const hooks = options.sipHooks ?? { changing: () => undefined, changed: () => Promise.resolve() };
    return new SettingsService(profile, secrets, options.store, options.events, preferences, options.onLanguage, hooks);
  }

  get language(): Language {
    return this.#preferences.language ?? this.profile.language;
  }

  get theme(): Theme {
    return this.#preferences.theme ?? 'system';
  }

  /** The SIP account in force: the one typed in the settings screen, else the profile's. */
  sipAccount(): SipAccount | undefined {
    const typed = this.#preferences.sip;
    if (typed === undefined) return this.profile.sip;
    return {
      ...typed,
      ...(typed.authorizationUser === undefined ? {} : { authorizationUser: typed.authorizationUser }),
      iceServers: this.profile.sip?.iceServers ?? [],
    };
  }

  /**
   * Saves a SIP account from the settings screen. The password (when given)
   * goes to the secret store only; then the softphone starts over with it.
   */
  async setSipAccount(input: SipAccountInput): Promise<PublicSettings> {
    this.sipHooks.changing();
    const { password, ...account } = input;
    await this.keepSipSecret(password);
    await this.update({ sip: account });
    await this.sipHooks.changed(this.sipAccount());
    return this.announce();
  }

  /** Stores a social account's new app password; the caller then reconnects that account. */
  async setSocialAppPassword(accountId: string, value: string): Promise<PublicSettings> {
    const account = this.profile.social.find((candidate) => `${candidate.network}:${candidate.handle}` === accountId);
    if (account === undefined) throw new ContractFailure('rejected', 'social.errors.unknownAccount');
    await this.secrets.set(secretKeys.socialAppPassword(account.network, account.handle), value);
    return this.announce();
  }

  /** Left out in the form means "keep the stored one". */
  private async keepSipSecret(value: string | undefined): Promise<void> {
    if (value === undefined) return;
    await this.secrets.set(secretKeys.sipPassword, value);
  }

  async publicSettings(): Promise<PublicSettings> {
    const { profile } = this;
    const sip = this.sipAccount();
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
              authorizationUser: sip.authorizationUser ?? '',
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
      wrapUpCodes: profile.wrapUpCodes.map(({ id, label }) => ({ id, label })),
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

  /**
   * Memory takes each change at once, in order, and the store writes them in
   * the same order (a burst is coalesced into its last state: see
   * storage/atomicWrite). A save the store refuses rejects (the contract
   * answers with an error and the dispatcher logs it) and, unless a newer
   * change is already on its way, memory goes back to what the store last
   * accepted: memory and disk never silently diverge.
   */
  private async update(change: Preferences): Promise<void> {
    const next = { ...this.#preferences, ...change };
    this.#preferences = next;
    const version = ++this.#version;
    try {
      await this.store.save(next);
    } catch (error: unknown) {
      if (version === this.#version) this.#preferences = this.#persisted.preferences;
      throw error;
    }
    if (version > this.#persisted.version) this.#persisted = { version, preferences: next };
  }

  private async announce(): Promise<PublicSettings> {
    const settings = await this.publicSettings();
    this.events.emit('settings:changed', settings);
    return settings;
  }
}
