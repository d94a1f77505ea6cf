import type { EventBus } from '../events/eventBus';
import type { Logger } from '../log/logger';
import type { Profile } from '../profile/profileSchema';
import type { SecretStore } from '../secrets/secretStore';
import { NoSocialAccounts } from './noSocialAccounts';
import type { SocialService } from './socialService';

export interface SocialDeps {
  readonly profile: Profile;
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly log: Logger;
  readonly dataDir: string | undefined;
}

export function createSocial(_deps: SocialDeps): Promise<SocialService> {
  return Promise.resolve(new NoSocialAccounts());
}
