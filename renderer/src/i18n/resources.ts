import type { ContractError, Language } from '@tandem/contract';
import ar from './locales/ar.json';
import en from './locales/en.json';
import es from './locales/es.json';
import fr from './locales/fr.json';
import ptBR from './locales/pt-BR.json';

/**
 * The English file is the source of truth for keys: a language missing one of
 * its keys fails typecheck here. Languages carry more plural forms than
 * English (`_many`; Arabic's `_zero`…`_few`), so a stray key is not a type
 * error; tests/unit/i18n/localeKeys.test.ts checks every file against English
 * and each language's plural rules, and names what is missing.
 */
export const resources = {
  en: { translation: en },
  es: { translation: es },
  'pt-BR': { translation: ptBR },
  fr: { translation: fr },
  ar: { translation: ar },
} as const satisfies Record<Language, { translation: typeof en }>;

export type Translation = typeof en;

/** The contract's error keys (`errors.internal`…) that the desk can translate. */
export type ErrorKey = `errors.${keyof Translation['errors']}`;

const CODE_FALLBACK: Record<ContractError['code'], ErrorKey> = {
  'invalid-payload': 'errors.invalidPayload',
  'unknown-channel': 'errors.unknownChannel',
  'forbidden-sender': 'errors.forbiddenSender',
  unavailable: 'errors.unavailable',
  rejected: 'errors.rejected',
  internal: 'errors.internal',
};

/**
 * A failed call carries an i18n key chosen by main. It is only a string from
 * another process, so it is used only when it names one of our own error
 * texts; anything else falls back to the text for its error code.
 */
export function errorKeyOf(error: ContractError): ErrorKey {
  const [group, name, ...rest] = error.messageKey.split('.');
  if (group === 'errors' && name !== undefined && rest.length === 0 && Object.hasOwn(en.errors, name)) {
    return `errors.${name as keyof Translation['errors']}`;
  }
  return CODE_FALLBACK[error.code] ?? 'errors.internal';
}
