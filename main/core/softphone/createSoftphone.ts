import type { EventBus } from '../events/eventBus';
import type { Logger } from '../log/logger';
import type { Profile } from '../profile/profileSchema';
import type { SecretStore } from '../secrets/secretStore';
import { SipSoftphone } from './sipSoftphone';
import type { SoftphoneService } from './softphoneService';
import { UnconfiguredSoftphone } from './unconfiguredSoftphone';

export interface SoftphoneDeps {
  readonly profile: Profile;
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly log: Logger;
}

/** A SIP softphone when the profile has an account, else one that answers 'notConfigured'. */
export function createSoftphone(deps: SoftphoneDeps): SoftphoneService {
  const sip = deps.profile.sip;
  if (sip === undefined) return new UnconfiguredSoftphone();
  return new SipSoftphone({ sip, secrets: deps.secrets, events: deps.events, log: deps.log });
}
