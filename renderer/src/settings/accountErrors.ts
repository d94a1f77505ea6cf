import type { ContractError } from '@tandem/contract';
import { errorKeyOf } from '../i18n/resources';

/** Main's refusal of an account change, as a key of ours (main's key is only a string from another process). */
export function accountErrorKey(error: ContractError) {
  if (error.messageKey === 'settings.errors.callsInProgress') return 'accounts.errors.callsInProgress' as const;
  // Another server, domain or authorization user: the stored password stays with the account it was given for.
  if (error.messageKey === 'settings.errors.passwordRequired') return 'accounts.errors.passwordRequired' as const;
  if (error.messageKey === 'social.errors.unknownAccount') return 'accounts.errors.unknownAccount' as const;
  if (error.messageKey === 'settings.errors.noTeamDatabase') return 'accounts.errors.noTeamDatabase' as const;
  // Connect Bluesky (issue 12): the service's own answer to the login, and what the desk refuses.
  if (error.messageKey === 'settings.errors.socialCredentialsRejected') return 'accounts.errors.socialCredentialsRejected' as const;
  if (error.messageKey === 'settings.errors.socialUnreachable') return 'accounts.errors.socialUnreachable' as const;
  if (error.messageKey === 'settings.errors.socialAccountExists') return 'accounts.errors.socialAccountExists' as const;
  if (error.messageKey === 'settings.errors.teamSocialAccounts') return 'accounts.errors.teamSocialAccounts' as const;
  if (error.messageKey === 'settings.errors.profileAccount') return 'accounts.errors.profileAccount' as const;
  return errorKeyOf(error);
}

/** Which field a schema issue belongs to, for the phone account form. */
export const PHONE_FIELDS = ['server', 'uri', 'authorizationUser', 'password', 'displayName', 'defaultRegion'] as const;
export type PhoneField = (typeof PHONE_FIELDS)[number];
