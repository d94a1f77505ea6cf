import i18next, { type i18n } from 'i18next';
import type { Language } from '@tandem/contract';
import en from './locales/en.json';
import es from './locales/es.json';

/** Dotted paths to the leaves of the English file: the only keys main may ask for. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type MainKey = Leaves<typeof en>;

// The Spanish file must have exactly the English shape; a missing key fails typecheck.
const spanish: typeof en = es;

/** Main's own translator, for menus, tray, notifications and the host's pages. */
export interface MainTranslator {
  t(key: MainKey, values?: Record<string, string>): string;
  setLanguage(language: Language): Promise<void>;
  readonly language: Language;
}

export async function createMainTranslator(language: Language): Promise<MainTranslator> {
  const instance: i18n = i18next.createInstance();
  await instance.init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: en }, es: { translation: spanish } },
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
  };
}
