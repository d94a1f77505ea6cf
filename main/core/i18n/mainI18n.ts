import i18next, { type i18n } from 'i18next';
import type { Language } from '@tandem/contract';
import ar from './locales/ar.json';
import en from './locales/en.json';
import es from './locales/es.json';
import fr from './locales/fr.json';
import ptBR from './locales/pt-BR.json';

/** Dotted paths to the leaves of the English file: the only keys main may ask for. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type MainKey = Leaves<typeof en>;

// Every language must have the English keys; a missing key fails typecheck
// (tests/unit/i18n/localeKeys.test.ts also names it, with plural forms).
const resources = {
  en: { translation: en },
  es: { translation: es },
  'pt-BR': { translation: ptBR },
  fr: { translation: fr },
  ar: { translation: ar },
} as const satisfies Record<Language, { translation: typeof en }>;

/** Main's own translator, for menus, tray, notifications and the host's pages. */
export interface MainTranslator {
  t(key: MainKey, values?: Record<string, string>): string;
  setLanguage(language: Language): Promise<void>;
  readonly language: Language;
  /** The language's writing direction, for the host's own pages (`rtl` for Arabic). */
  readonly dir: 'ltr' | 'rtl';
}

export async function createMainTranslator(language: Language): Promise<MainTranslator> {
  const instance: i18n = i18next.createInstance();
  await instance.init({
    lng: language,
    fallbackLng: 'en',
    resources,
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  let current = language;
  return {
    t: (key, values) => instance.t(key, values ?? {}),
    async setLanguage(next) {
      current = next;
      await instance.changeLanguage(next);
    },
    get language() {
      return current;
    },
    get dir() {
      return instance.dir(current);
    },
  };
}
