import type { ContractError, Language, PublicSettings, SipAccountInput, SocialAccountInput, SocialColumn, Theme } from '@tandem/contract';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from '../store/store';

export interface SettingsSlice {
  /** Null until the first reply or `settings:changed` event; main owns the truth. */
  settings: PublicSettings | null;
  readonly settingsChanged: (settings: PublicSettings) => void;
  readonly loadSettings: () => Promise<void>;
  readonly setLanguage: (language: Language) => Promise<void>;
  readonly setTheme: (theme: Theme) => Promise<void>;
  /** Saves the phone account; resolves to main's refusal (shown in the form) or null. */
  readonly saveSipAccount: (account: SipAccountInput) => Promise<ContractError | null>;
  readonly saveSocialAppPassword: (accountId: string, appPassword: string) => Promise<ContractError | null>;
  readonly saveTeamPassword: (password: string) => Promise<ContractError | null>;
  /** Connects a Bluesky account: main logs in first; resolves to its refusal (shown in the dialog) or null. */
  readonly addSocialAccount: (account: SocialAccountInput) => Promise<ContractError | null>;
  readonly removeSocialAccount: (accountId: string) => Promise<ContractError | null>;
  readonly setSocialColumn: (socialColumn: SocialColumn) => Promise<void>;
  /** Which part of Accounts the agent asked for (from the first-run call to action), or null while it is closed. */
  accountsPanel: AccountsPanel | null;
  readonly openAccounts: (panel: AccountsPanel | null) => void;
  /** The modal "Connect Bluesky" dialog, opened from the first-run call to action or from Accounts. */
  connectBlueskyOpen: boolean;
  readonly openConnectBluesky: (open: boolean) => void;
}

/** `all`: the Accounts button; `phone`: the first-run call to action's "Set up phone". */
export type AccountsPanel = 'all' | 'phone';

export const createSettingsSlice: SliceCreator<SettingsSlice> = (deps) => (set, get) => ({
  settings: null,
  accountsPanel: null,
  openAccounts(accountsPanel) {
    set({ accountsPanel });
  },
  connectBlueskyOpen: false,
  openConnectBluesky(connectBlueskyOpen) {
    set({ connectBlueskyOpen });
  },
  async addSocialAccount(account) {
    const result = await callTandem(deps.api, (api) => api.addSocialAccount(account));
    if (!result.ok) return result.error;
    set({ settings: result.value });
    return null;
  },
  async removeSocialAccount(accountId) {
    const result = await callTandem(deps.api, (api) => api.removeSocialAccount({ accountId }));
    if (!result.ok) return result.error;
    set({ settings: result.value });
    return null;
  },
  async setSocialColumn(socialColumn) {
    const result = await callTandem(deps.api, (api) => api.setSocialColumn({ socialColumn }));
    if (!result.ok) return get().reportProblem('setSocialColumn', result.error);
    set({ settings: result.value });
    get().dismissProblem('setSocialColumn');
  },
  settingsChanged(settings) {
    set({ settings });
  },
  async loadSettings() {
    const before = get().settings;
    const result = await callTandem(deps.api, (api) => api.getSettings({}));
    if (!result.ok) return get().reportProblem('loadSettings', result.error);
    // A `settings:changed` that arrived while we waited is newer than this reply; what the window held
    // before it asked is older (a reconnect: another window or main may have changed them meanwhile).
    if (get().settings === before) set({ settings: result.value });
    get().dismissProblem('loadSettings');
  },
  async setLanguage(language) {
    const result = await callTandem(deps.api, (api) => api.setLanguage({ language }));
    if (!result.ok) return get().reportProblem('setLanguage', result.error);
    set({ settings: result.value });
    get().dismissProblem('setLanguage');
  },
  async saveSipAccount(account) {
    const result = await callTandem(deps.api, (api) => api.setSipAccount(account));
    if (!result.ok) return result.error;
    set({ settings: result.value });
    return null;
  },
  async saveSocialAppPassword(accountId, appPassword) {
    const result = await callTandem(deps.api, (api) => api.setSocialAppPassword({ accountId, appPassword }));
    if (!result.ok) return result.error;
    set({ settings: result.value });
    return null;
  },
  async saveTeamPassword(password) {
    const result = await callTandem(deps.api, (api) => api.setTeamPassword({ password }));
    if (!result.ok) return result.error;
    set({ settings: result.value });
    return null;
  },
  async setTheme(theme) {
    const result = await callTandem(deps.api, (api) => api.setTheme({ theme }));
    if (!result.ok) return get().reportProblem('setTheme', result.error);
    set({ settings: result.value });
    get().dismissProblem('setTheme');
  },
});
