import type { MediaReply, SoftphoneSnapshot } from '../../../preload/contract';
import { ContractFailure } from '../contract/contractFailure';
import type { WindowId } from '../events/eventBus';
import type { SipAccount } from '../profile/profileSchema';
import { createSoftphone, type SoftphoneDeps } from './createSoftphone';
import type { SoftphoneService } from './softphoneService';

/**
 * The softphone the contract talks to, whatever account is in force. A new
 * account from the settings screen replaces the SIP stack underneath
 * (unregister, dispose, start over); it is refused while calls are up, so a
 * settings change can never drop a customer.
 */
export class ReconfigurableSoftphone implements SoftphoneService {
  #current: SoftphoneService;

  constructor(
    account: SipAccount | undefined,
    private readonly deps: SoftphoneDeps,
  ) {
    this.#current = createSoftphone(account, deps);
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

  snapshot(): SoftphoneSnapshot {
    return this.#current.snapshot();
  }
  register(): Promise<void> {
    return this.#current.register();
  }
  unregister(): Promise<void> {
    return this.#current.unregister();
  }
  dial(target: string): Promise<{ callId: string }> {
    return this.#current.dial(target);
  }
  answer(callId: string): Promise<void> {
    return this.#current.answer(callId);
  }
  decline(callId: string): Promise<void> {
    return this.#current.decline(callId);
  }
  hangup(callId: string): Promise<void> {
    return this.#current.hangup(callId);
  }
  hold(callId: string): Promise<void> {
    return this.#current.hold(callId);
  }
  resume(callId: string): Promise<void> {
    return this.#current.resume(callId);
  }
  setMuted(callId: string, muted: boolean): Promise<void> {
    return this.#current.setMuted(callId, muted);
  }
  sendDtmf(callId: string, tones: string): Promise<void> {
    return this.#current.sendDtmf(callId, tones);
  }
  blindTransfer(callId: string, target: string): Promise<void> {
    return this.#current.blindTransfer(callId, target);
  }
  consult(callId: string, target: string): Promise<{ callId: string }> {
    return this.#current.consult(callId, target);
  }
  completeTransfer(callId: string, consultCallId: string): Promise<void> {
    return this.#current.completeTransfer(callId, consultCallId);
  }
  answerTransferRequest(callId: string, requestId: string, accept: boolean): Promise<void> {
    return this.#current.answerTransferRequest(callId, requestId, accept);
  }
  mediaReady(): Promise<void> {
    return this.#current.mediaReady();
  }
  mediaReply(reply: MediaReply, from: WindowId): void {
    this.#current.mediaReply(reply, from);
  }
  networkChanged(): void {
    this.#current.networkChanged();
  }
  dispose(): Promise<void> {
    return this.#current.dispose();
  }
}
