import type { Language, PublicSettings, SipAccountInput, SocialAccountInput, SocialColumn, Theme } from '@tandem/contract';
import { ContractFailure } from '../contract/contractFailure';
import type { EventBus } from '../events/eventBus';
import { shortcutsOf, teamDatabaseOf, type Profile, type SipAccount, type SocialAccount } from '../profile/profileSchema';
import { responseTargetsOf } from '../profile/responseTargets';
import { AccountSecrets, sameAccount, sipIdentity, socialIdentity, teamIdentity } from '../secrets/accountSecrets';
import { seedProfileSecrets } from '../secrets/profileSecrets';
import type { SecretStore } from '../secrets/secretStore';
import type { Preferences, PreferencesStore } from './preferencesStore';
import { deskSocialAccounts, socialAccountId, storedAccountOf, type DeskSocialAccount } from './socialAccounts';

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
    private readonly secrets: AccountSecrets,
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
    const { profile } = options;
    // Secrets from the profile move into the secret store, the only place services read them from, bound to their account.
    await seedProfileSecrets(profile, options.secrets);
    const secrets = new AccountSecrets(options.secrets);
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
      // Whom to trust is the deployment's choice, never the settings screen's.
      ...(this.profile.sip?.trustedCertificates === undefined ? {} : { trustedCertificates: this.profile.sip.trustedCertificates }),
    };
  }

  /**
   * Saves a SIP account from the settings screen. The password (when given)
   * goes to the secret store only, bound to this account; then the softphone
   * starts over with it.
   *
   * Left out in the form, the password means "keep the stored one", which is
   * only possible while the account stays the same one (server, domain,
   * authorization user) or the desk already holds a password for the new
   * account. A change to another account without its password is refused
   * before anything changes; a change that goes through clears the old
   * account's password.
   */
  async setSipAccount(input: SipAccountInput): Promise<PublicSettings> {
    this.sipHooks.changing();
    const { password: typed, ...account } = input;
    const current = this.sipAccount();
    const previous = current === undefined ? undefined : sipIdentity(current);
    const next = sipIdentity(account);
    const moved = previous === undefined || !sameAccount(previous, next);
    if (typed !== undefined) await this.secrets.set(next, typed, 'app');
    else if (moved && (await this.secrets.get(next)) === undefined) {
      throw new ContractFailure('rejected', 'settings.errors.passwordRequired', 'password');
    }
    if (moved && previous !== undefined) await this.secrets.delete(previous);
    await this.update({ sip: account });
    await this.sipHooks.changed(this.sipAccount());
    return this.announce();
  }

  /** The social accounts in force: the profile's, then those the agent added in Accounts (socialAccounts.ts). */
  socialAccounts(): DeskSocialAccount[] {
    return deskSocialAccounts(this.profile.social, this.#preferences);
  }

  /**
   * Keeps a social account the agent added, after the service accepted its
   * app password (the caller tested the login): the password goes to the
   * secret store bound to network + service + handle, the rest to the
   * preferences. An account already on this desk is refused, not replaced.
   */
  async addSocialAccount(input: SocialAccountInput): Promise<{ settings: PublicSettings; account: SocialAccount }> {
    if (this.socialAccounts().some(({ account }) => socialAccountId(account) === socialAccountId(input))) {
      throw new ContractFailure('rejected', 'settings.errors.socialAccountExists', 'handle');
    }
    const stored = storedAccountOf(input);
    await this.secrets.set(socialIdentity(stored), input.appPassword, 'app');
    await this.update({ socialAccounts: [...(this.#preferences.socialAccounts ?? []), stored] });
    const added = this.socialAccounts().find(({ account }) => socialAccountId(account) === socialAccountId(input));
    if (added === undefined) throw new Error('the added account is not in force');
    return { settings: await this.announce(), account: added.account };
  }

  /** Forgets an account added in the app and clears its app password; the profile's accounts belong to the deployment. */
  async removeSocialAccount(accountId: string): Promise<PublicSettings> {
    const found = this.socialAccounts().find(({ account }) => socialAccountId(account) === accountId);
    if (found === undefined) throw new ContractFailure('rejected', 'social.errors.unknownAccount');
    if (found.origin === 'profile') throw new ContractFailure('rejected', 'settings.errors.profileAccount');
    await this.update({ socialAccounts: (this.#preferences.socialAccounts ?? []).filter((account) => socialAccountId(account) !== accountId) });
    await this.secrets.delete(socialIdentity(found.account));
    return this.announce();
  }

  async setSocialColumn(socialColumn: SocialColumn): Promise<PublicSettings> {
    await this.update({ socialColumn });
    return this.announce();
  }

  /** Stores a social account's new app password; the caller then reconnects that account. */
  async setSocialAppPassword(accountId: string, value: string): Promise<PublicSettings> {
    const account = this.socialAccounts().find(({ account: candidate }) => socialAccountId(candidate) === accountId)?.account;
    if (account === undefined) throw new ContractFailure('rejected', 'social.errors.unknownAccount');
    await this.secrets.set(socialIdentity(account), value, 'app');
    return this.announce();
  }

  /** Stores the team database password the agent typed, bound to the profile's database account; the caller reconnects. */
  async setTeamPassword(value: string): Promise<PublicSettings> {
    const database = teamDatabaseOf(this.profile);
    if (database === undefined) throw new ContractFailure('rejected', 'settings.errors.noTeamDatabase');
    await this.secrets.set(teamIdentity(database), value, 'app');
    return this.announce();
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
              hasPassword: (await this.secrets.get(sipIdentity(sip))) !== undefined,
            },
      social: await Promise.all(
        this.socialAccounts().map(async ({ account, origin }) => ({
          network: account.network,
          service: account.service,
          handle: account.handle,
          hasAppPassword: (await this.secrets.get(socialIdentity(account))) !== undefined,
          origin,
        })),
      ),
      socialColumn: this.#preferences.socialColumn ?? 'shown',
      team: await this.publicTeam(),
      wrapUpCodes: profile.wrapUpCodes.map(({ id, label }) => ({ id, label })),
      shortcuts: shortcutsOf(profile),
      cues: profile.cues,
    };
  }

  private async publicTeam(): Promise<PublicSettings['team']> {
    const roster = this.profile.team.roster.map(({ name, uri }) => ({ name, uri }));
    const responseTargets = responseTargetsOf(this.profile);
    const database = teamDatabaseOf(this.profile);
    if (database === undefined) return { roster, responseTargets };
    return { roster, responseTargets, database: { url: database.url, hasPassword: (await this.secrets.get(teamIdentity(database))) !== undefined } };
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
