import type { MediaReply, SoftphoneSnapshot } from '@tandem/contract';
import type { WindowId } from '../events/eventBus';

/**
 * The contract's controls on calls. Every action resolves when SIP has
 * accepted it (or throws a ContractFailure with an i18n key); state changes
 * reach windows as `softphone:call` events. The call manager implements them.
 */
export interface CallControls {
  /** `conversationId`: the social conversation the call is placed from (issue 15); the call carries it to its record. */
  dial(target: string, conversationId?: string | null): Promise<{ callId: string }>;
  answer(callId: string): Promise<void>;
  decline(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  hold(callId: string): Promise<void>;
  resume(callId: string): Promise<void>;
  setMuted(callId: string, muted: boolean): Promise<void>;
  sendDtmf(callId: string, tones: string): Promise<void>;
  blindTransfer(callId: string, target: string): Promise<void>;
  consult(callId: string, target: string): Promise<{ callId: string }>;
  completeTransfer(callId: string, consultCallId: string): Promise<void>;
  /** The agent's answer to a transfer the far end asked for (`softphone:transferRequest`). */
  answerTransferRequest(callId: string, requestId: string, accept: boolean): Promise<void>;
}

/**
 * What the contract asks of the softphone: the line (registration, media
 * engine, network) here, and the calls on it through `calls`. Every action
 * resolves when SIP has accepted it (or throws a ContractFailure with an i18n
 * key); state changes reach windows as `softphone:*` events.
 */
export interface SoftphoneService {
  readonly calls: CallControls;
  snapshot(): SoftphoneSnapshot;
  register(): Promise<void>;
  unregister(): Promise<void>;
  /**
   * A page's media engine listens: with no `held`, one that holds no media (renegotiate live calls); with `held`,
   * window `from` reconnected still holding those calls' media (it owns them again; see mediaReady.ts).
   */
  mediaReady(from?: WindowId, held?: readonly string[]): Promise<void>;
  /** A media engine's reply; `from` is the window it came from (only the call's media owner is heard). */
  mediaReply(reply: MediaReply, from: WindowId): void;
  /** Window `from`'s page is being unloaded for good: its calls' media is handed on as its connection closes (MediaBroker.letGo). */
  mediaReleased(from: WindowId): void;
  /** The system woke up or the network came back: re-register now instead of waiting for a timer. */
  networkChanged(): void;
  dispose(): Promise<void>;
}
