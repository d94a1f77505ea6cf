import { Invitation, RequestPendingError, SessionState, type Referral } from 'sip.js';
import type { BridgeDescriptionOptions } from '../../../../main/core/softphone/media/bridgeSessionDescriptionHandler';

/** A re-INVITE our side sent, waiting for the far end's final answer. */
export interface SentReinvite {
  readonly options: BridgeDescriptionOptions;
  /** The far end's final response: 200, or a failure with its Retry-After. */
  answer(statusCode: number, retryAfter?: string): void;
}

export interface FarEnd {
  readonly invitation: Invitation;
  readonly notifies: string[];
  /** Every re-INVITE our side sent on this dialog, oldest first. */
  readonly reinvites: SentReinvite[];
  /** Resolves with the next re-INVITE our side sends. */
  nextReinvite(): Promise<SentReinvite>;
  /** The re-INVITE our side sent that the far end has not answered yet, if any. */
  outstanding(): SentReinvite | undefined;
  establish(): void;
  /** Our side's rejections of the INVITE (decline), by status code. */
  readonly rejections: number[];
  /** The ACK to our 200 arrives. */
  ack(): void;
  terminate(): void;
  /** The far end sends REFER with this Refer-To; returns what our side answered. */
  refer(referTo: string, deliver?: (referral: Referral) => void): { answers: number[] };
}

/**
 * A call from `from` (a From header value), as sip.js would hand it to
 * `incoming`: an object on Invitation's prototype, so our side reads its
 * INVITE's From as it does a real one's, with a dialog that records our
 * NOTIFYs and re-INVITEs. Nothing goes on a wire.
 */
export function farEnd(from: string, { offer }: { readonly offer?: string } = {}): FarEnd {
  const listeners: Array<(state: SessionState) => void> = [];
  const states = { addListener: (listener: (state: SessionState) => void) => void listeners.push(listener) };
  let state = SessionState.Initial;
  const emit = (to: SessionState): void => {
    state = to;
    listeners.forEach((listener) => listener(to));
  };
  const notifies: string[] = [];
  const reinvites: SentReinvite[] = [];
  const waiting: Array<(sent: SentReinvite) => void> = [];
  const invitation = Object.create(Invitation.prototype) as Invitation;
  const define = (name: string, value: unknown): void => void Object.defineProperty(invitation, name, { value, writable: true });
  define('id', `session-${from}`);
  define('delegate', undefined);
  define('stateChange', states);
  Object.defineProperty(invitation, 'state', { get: () => state });
  const headers: Record<string, string | undefined> = { from, 'content-type': offer === undefined ? undefined : 'application/sdp' };
  define('request', { getHeader: (name: string) => headers[name.toLowerCase()] });
  // The INVITE's offer, when the call carries one (Invitation.body reads the request's body).
  Object.defineProperty(invitation, 'body', { get: () => offer });
  const rejections: number[] = [];
  // sip.js answers the INVITE, then reports Terminated.
  define('reject', (options: { statusCode: number }) => {
    rejections.push(options.statusCode);
    emit(SessionState.Terminated);
    return Promise.resolve();
  });
  define('remoteIdentity', { uri: { toString: () => from, user: undefined }, displayName: '' });
  define('replacee', undefined);
  define('sessionDescriptionHandler', undefined);
  define('dialog', {
    notify: (_delegate: unknown, options: { extraHeaders: string[]; body: { content: string } }) => {
      notifies.push(`${options.body.content} | ${options.extraHeaders.join(' | ')}`);
    },
  });
  type InviteOptions = {
    sessionDescriptionHandlerOptions: BridgeDescriptionOptions;
    requestDelegate: { onAccept(): void; onReject(response: unknown): void };
  };
  // As sip.js's Session.invite: one re-INVITE at a time; another is refused until the far end answered the first.
  let outstanding: SentReinvite | undefined;
  define('invite', (options: InviteOptions) => {
    if (outstanding !== undefined) return Promise.reject(new RequestPendingError('Reinvite in progress. Please wait until complete, then try again.'));
    const sent: SentReinvite = {
      options: options.sessionDescriptionHandlerOptions,
      answer: (statusCode, retryAfter) => {
        outstanding = undefined;
        if (statusCode < 300) options.requestDelegate.onAccept();
        else
          options.requestDelegate.onReject({
            message: { statusCode, getHeader: (name: string) => (name.toLowerCase() === 'retry-after' ? retryAfter : undefined) },
          });
      },
    };
    outstanding = sent;
    reinvites.push(sent);
    waiting.splice(0).forEach((resolve) => resolve(sent));
    return Promise.resolve();
  });
  return {
    invitation,
    rejections,
    notifies,
    reinvites,
    nextReinvite: () => new Promise((resolve) => waiting.push(resolve)),
    outstanding: () => outstanding,
    establish: () => emit(SessionState.Established),
    ack: () => invitation.delegate?.onAck?.({} as never),
    terminate: () => emit(SessionState.Terminated),
    refer(referTo, deliver = (referral) => invitation.delegate?.onRefer?.(referral)) {
      const answers: number[] = [];
      const referral = {
        request: { getHeader: (name: string) => (name.toLowerCase() === 'refer-to' ? referTo : undefined) },
        referredBy: undefined,
        accept: () => {
          answers.push(202);
          return Promise.resolve();
        },
        reject: (options: { statusCode: number }) => {
          answers.push(options.statusCode);
          return Promise.resolve();
        },
      } as unknown as Referral;
      deliver(referral);
      return { answers };
    },
  };
}
