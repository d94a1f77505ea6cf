import type { i18n } from 'i18next';
import type { Language, Theme, Unsubscribe } from '@tandem/contract';
import type { TandemState, TandemStore } from '../store/store';

/**
 * Mirrors the agent's language and theme onto the page: the translator,
 * `<html lang>` (screen readers pick their voice from it), `<html dir>`
 * (Arabic lays the desk out right to left; the stylesheets use logical
 * properties, so they follow) and `<html data-theme>` (the stylesheet follows
 * the system for `system`).
 */
export function bindDocumentSettings(store: TandemStore, translator: i18n, root: HTMLElement): Unsubscribe {
  let language: Language | undefined;
  let theme: Theme | undefined;
  const apply = (state: TandemState): void => {
    const nextLanguage = state.settings?.language ?? 'en';
    const nextTheme = state.settings?.theme ?? 'system';
    if (nextLanguage !== language) {
      language = nextLanguage;
      // Every language is bundled, so this switches synchronously.
      void translator.changeLanguage(nextLanguage);
      root.lang = nextLanguage;
      root.dir = translator.dir(nextLanguage);
    }
    if (nextTheme !== theme) {
      theme = nextTheme;
      root.dataset['theme'] = nextTheme;
    }
  };
  apply(store.getState());
  return store.subscribe(apply);
}
