import type { EventBus } from '../events/eventBus';
import type { Logger } from '../log/logger';
import type { SipAccount } from '../profile/profileSchema';
import type { TransferPolicy } from './calls/referPolicy';
import type { SecretStore } from '../secrets/secretStore';
import { SipSoftphone } from './sipSoftphone';
import type { SoftphoneService } from './softphoneService';
import { UnconfiguredSoftphone } from './unconfiguredSoftphone';

export interface SoftphoneDeps {
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly log: Logger;
  /** Who may transfer the agent's calls with a REFER: the profile's `sip.transfer` and `team.roster`. */
  readonly transfers?: { readonly policy: TransferPolicy; readonly roster: readonly string[] };
  /** The profile's `sip.extensionPattern`: what the agent may dial as a bare extension. */
  readonly extensionPattern?: RegExp;
}

/** A SIP softphone when there is an account, else one that answers 'notConfigured'. */
export function createSoftphone(sip: SipAccount | undefined, deps: SoftphoneDeps): SoftphoneService {
  if (sip === undefined) return new UnconfiguredSoftphone();
  return new SipSoftphone({
    sip,
    secrets: deps.secrets,
    events: deps.events,
    log: deps.log,
    ...(deps.transfers === undefined ? {} : { transfers: deps.transfers }),
    ...(deps.extensionPattern === undefined ? {} : { extensionPattern: deps.extensionPattern }),
  });
}
