import type { Language, PublicSettings, Theme } from '../../../preload/contract';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from './store';

export interface SettingsSlice {
  /** Null until the first reply or `settings:changed` event; main owns the truth. */
  settings: PublicSettings | null;
  readonly settingsChanged: (settings: PublicSettings) => void;
  readonly loadSettings: () => Promise<void>;
  readonly setLanguage: (language: Language) => Promise<void>;
  readonly setTheme: (theme: Theme) => Promise<void>;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (deps) => (set, get) => ({
  settings: null,
  settingsChanged(settings) {
    set({ settings });
  },
  async loadSettings() {
    const result = await callTandem(deps.api, (api) => api.getSettings({}));
    if (!result.ok) return get().reportProblem('loadSettings', result.error);
    // A `settings:changed` that arrived while we waited is newer than this reply.
    if (get().settings === null) set({ settings: result.value });
    get().dismissProblem('loadSettings');
  },
  async setLanguage(language) {
    const result = await callTandem(deps.api, (api) => api.setLanguage({ language }));
    if (!result.ok) return get().reportProblem('setLanguage', result.error);
    set({ settings: result.value });
    get().dismissProblem('setLanguage');
  },
  async setTheme(theme) {
    const result = await callTandem(deps.api, (api) => api.setTheme({ theme }));
    if (!result.ok) return get().reportProblem('setTheme', result.error);
    set({ settings: result.value });
    get().dismissProblem('setTheme');
  },
});
