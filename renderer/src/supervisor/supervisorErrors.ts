import type { ContractError } from '@tandem/contract';
import en from '../i18n/locales/en.json';
import { errorKeyOf } from '../i18n/resources';

type SupervisorErrorKey = `supervisor.errors.${keyof (typeof en)['supervisor']['errors']}`;

/**
 * Main answers the supervisor channels with `supervisor.errors.*` keys; like
 * `errorKeyOf`, a key from another process is used only when it names one of
 * our own texts, else the text for its error code.
 */
export function supervisorErrorKey(error: ContractError): SupervisorErrorKey | ReturnType<typeof errorKeyOf> {
  const [group, area, name, ...rest] = error.messageKey.split('.');
  if (group === 'supervisor' && area === 'errors' && name !== undefined && rest.length === 0 && Object.hasOwn(en.supervisor.errors, name)) {
    return `supervisor.errors.${name as keyof (typeof en)['supervisor']['errors']}`;
  }
  return errorKeyOf(error);
}
