import type { SoftphoneSnapshot } from '@tandem/contract';
import { ContractFailure } from '../contract/contractFailure';
import type { CallControls, SoftphoneService } from './softphoneService';

const notConfigured = (): Promise<never> => Promise.reject(new ContractFailure('unavailable', 'softphone.errors.notConfigured'));

/** The softphone of a seat without a SIP account (a wall board, a social-only agent). */
export class UnconfiguredSoftphone implements SoftphoneService {
  snapshot(): SoftphoneSnapshot {
    return {
      registration: { state: 'unconfigured', expiresAt: null, nextRetryAt: null, lastErrorKey: null, attempt: 0 },
      calls: [],
      transferRequests: [],
      ended: [],
      standby: null,
    };
  }
  register = notConfigured;
  unregister = notConfigured;
  readonly calls: CallControls = {
    dial: notConfigured,
    answer: notConfigured,
    decline: notConfigured,
    hangup: notConfigured,
    hold: notConfigured,
    resume: notConfigured,
    setMuted: notConfigured,
    sendDtmf: notConfigured,
    blindTransfer: notConfigured,
    consult: notConfigured,
    completeTransfer: notConfigured,
    answerTransferRequest: notConfigured,
  };
  mediaReady(): Promise<void> {
    return Promise.resolve();
  }
  mediaReply(): void {}
  mediaReleased(): void {}
  networkChanged(): void {}
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}
