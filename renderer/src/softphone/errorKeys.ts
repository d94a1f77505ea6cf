import type { ContractError } from '@tandem/contract';
import en from '../i18n/locales/en.json';
import { errorKeyOf, type ErrorKey } from '../i18n/resources';

export type SoftphoneErrorKey = `softphone.errors.${keyof typeof en.softphone.errors}`;

const GENERIC: SoftphoneErrorKey = 'softphone.errors.unknown';

/**
 * The text for an i18n key main sent (`softphone.errors.busy`…). The key is
 * only a string from another process: it is used when it names one of our
 * own texts, and anything else reads as a generic phone problem.
 */
export function softphoneErrorKey(messageKey: string | null | undefined): SoftphoneErrorKey {
  const [group, area, name, ...rest] = (messageKey ?? '').split('.');
  if (group === 'softphone' && area === 'errors' && name !== undefined && rest.length === 0 && Object.hasOwn(en.softphone.errors, name)) {
    return `softphone.errors.${name as keyof typeof en.softphone.errors}`;
  }
  return GENERIC;
}

/** The text for a failed softphone request: our softphone key, else a contract error text, else generic. */
export function softphoneErrorKeyOf(error: ContractError): SoftphoneErrorKey | ErrorKey {
  if (error.messageKey.startsWith('softphone.')) return softphoneErrorKey(error.messageKey);
  if (error.messageKey.startsWith('errors.')) return errorKeyOf(error);
  return GENERIC;
}
