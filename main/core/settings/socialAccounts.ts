import type { SocialAccountInput } from '@tandem/contract';
import type { SocialAccount } from '../profile/profileSchema';
import type { Preferences } from './preferencesStore';

/** A social account in force on this desk, and who set it up: the deployment's profile, or the agent in Accounts. */
export interface DeskSocialAccount {
  readonly account: SocialAccount;
  readonly origin: 'profile' | 'app';
}

/** `network:handle`, the account's id on the contract (social:*, settings:*). */
export const socialAccountId = (account: { readonly network: string; readonly handle: string }) => `${account.network}:${account.handle}`;

/**
 * The profile's accounts first (they script the seat), then the ones the agent
 * added. An added account with the id of a profile account is ignored: the
 * profile wins, as it does for everything the deployment decides.
 */
export function deskSocialAccounts(profile: readonly SocialAccount[], preferences: Preferences): DeskSocialAccount[] {
  const accounts: DeskSocialAccount[] = profile.map((account) => ({ account: withoutSecret(account), origin: 'profile' }));
  const ids = new Set(accounts.map(({ account }) => socialAccountId(account)));
  for (const added of preferences.socialAccounts ?? []) {
    if (ids.has(socialAccountId(added))) continue;
    ids.add(socialAccountId(added));
    accounts.push({ account: fromInput(added), origin: 'app' });
  }
  return accounts;
}

/** What an account added in the app keeps in the preferences: everything but the app password. */
export function storedAccountOf(input: SocialAccountInput): NonNullable<Preferences['socialAccounts']>[number] {
  const { appPassword: _secret, ...account } = input;
  return account;
}

function fromInput(added: NonNullable<Preferences['socialAccounts']>[number]): SocialAccount {
  return {
    network: added.network,
    service: added.service,
    handle: added.handle,
    ...(added.chatService === undefined ? {} : { chatService: added.chatService }),
  };
}

/** The profile's entry may carry its app password (seeded into the secret store at start): never pass it on. */
function withoutSecret(account: SocialAccount & { readonly appPassword?: string }): SocialAccount {
  const { appPassword: _secret, ...rest } = account;
  return rest;
}
