import type { AppInfo } from '../../../preload/contract';
import { createDispatcher, type Dispatch } from '../contract/dispatcher';
import { PendingDials } from '../dial/dialLink';
import { EventBus } from '../events/eventBus';
import { createMainTranslator, type MainTranslator } from '../i18n/mainI18n';
import type { Logger } from '../log/logger';
import type { Profile } from '../profile/profileSchema';
import type { SecretStore } from '../secrets/secretStore';
import type { PreferencesStore } from '../settings/preferencesStore';
import { SettingsService } from '../settings/settingsService';

export interface CoreOptions {
  readonly profile: Profile;
  readonly secrets: SecretStore;
  readonly preferences: PreferencesStore;
  readonly shell: AppInfo['shell'];
  readonly version: string;
  readonly log: Logger;
}

/** Everything a shell (Electron or browser host) needs from main's services. */
export interface Core {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly settings: SettingsService;
  readonly i18n: MainTranslator;
  readonly dials: PendingDials;
  dispose(): Promise<void>;
}

/**
 * Builds main's services. Both shells call this, so everything a test drives
 * through the browser host is the code an Electron user runs.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const events = new EventBus();
  const dials = new PendingDials((target) => events.emit('dial:requested', { target }));
  const settings0 = await options.preferences.load();
  const i18n = await createMainTranslator(settings0.language ?? options.profile.language);
  const settings = await SettingsService.open({
    profile: options.profile,
    secrets: options.secrets,
    store: options.preferences,
    events,
    onLanguage: (language) => i18n.setLanguage(language),
  });

  const dispatch = createDispatcher(
    {
      'app:getInfo': () => ({ name: 'Tandem', version: options.version, shell: options.shell, platform: process.platform }),
      'settings:get': () => settings.publicSettings(),
      'settings:setLanguage': ({ language }) => settings.setLanguage(language),
      'settings:setTheme': ({ theme }) => settings.setTheme(theme),
      'dial:takePending': () => dials.take().map((target) => ({ target })),
    },
    options.log,
  );

  return {
    dispatch,
    events,
    settings,
    i18n,
    dials,
    dispose: () => Promise.resolve(),
  };
}
