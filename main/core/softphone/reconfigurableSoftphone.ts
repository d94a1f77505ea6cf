import { ContractFailure } from '../contract/contractFailure';
import type { SipAccount } from '../profile/profileSchema';
import { createSoftphone, type SoftphoneDeps } from './createSoftphone';
import type { SoftphoneService } from './softphoneService';

/**
 * The softphone the contract talks to, whatever account is in force: callers
 * reach it through `current()` at the moment they act. A new account from the
 * settings screen replaces the SIP stack underneath (unregister, dispose,
 * start over); it is refused while calls are up, so a settings change can
 * never drop a customer.
 */
export class ReconfigurableSoftphone {
  #current: SoftphoneService;

  constructor(
    account: SipAccount | undefined,
    private readonly deps: SoftphoneDeps,
  ) {
    this.#current = createSoftphone(account, deps);
  }

  /** The softphone of the account in force now (never keep it: a reconfigure replaces it). */
  current(): SoftphoneService {
    return this.#current;
  }

  /** Throws when the account can't change now. */
  assertIdle(): void {
    if (this.#current.snapshot().calls.some((call) => call.state !== 'ended')) {
      throw new ContractFailure('rejected', 'settings.errors.callsInProgress');
    }
  }

  async reconfigure(account: SipAccount | undefined): Promise<void> {
    this.assertIdle();
    const previous = this.#current;
    this.#current = createSoftphone(account, this.deps);
    await previous.dispose();
    // The desk shows the new stack's state at once, even before its first transition.
    this.deps.events.emit('softphone:registration', this.#current.snapshot().registration);
  }
}
