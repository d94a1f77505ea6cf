import { teamDatabaseOf, type Profile } from '../profile/profileSchema';
import { AccountSecrets, sipIdentity, socialIdentity, teamIdentity, type AccountIdentity } from './accountSecrets';
import { legacySecretKeys, type SecretStore } from './secretStore';

/**
 * At start-up, the profile's passwords join the secret store, each bound to
 * the profile's own account for it. Precedence, per account:
 *
 * 1. A password the agent typed in the app for that same account wins: the
 *    profile no longer overwrites it on every start.
 * 2. Otherwise the profile's password is stored for the profile's account
 *    (also when a newer profile changed it). When the agent typed a
 *    *different* account in the app, that account keeps its own typed
 *    password; the profile's password only ever goes with the profile's account.
 *
 * Secrets left by versions before account binding are deleted: nothing says
 * which account they belonged to (with the old bug, possibly not the one in
 * force), so the agent types them again or the profile seeds them anew.
 */
export async function seedProfileSecrets(profile: Profile, store: SecretStore): Promise<void> {
  const secrets = new AccountSecrets(store);
  await store.delete(legacySecretKeys.sipPassword);
  for (const account of profile.social) await store.delete(legacySecretKeys.socialAppPassword(account.network, account.handle));

  if (profile.sip?.password !== undefined) await seed(secrets, sipIdentity(profile.sip), profile.sip.password);
  for (const account of profile.social) {
    if (account.appPassword !== undefined) await seed(secrets, socialIdentity(account), account.appPassword);
  }
  const team = teamDatabaseOf(profile);
  const teamPassword = profile.team.database?.password;
  if (team !== undefined && teamPassword !== undefined) await seed(secrets, teamIdentity(team), teamPassword);
}

async function seed(secrets: AccountSecrets, identity: AccountIdentity, value: string): Promise<void> {
  if ((await secrets.origin(identity)) === 'app') return;
  await secrets.set(identity, value, 'profile');
}
