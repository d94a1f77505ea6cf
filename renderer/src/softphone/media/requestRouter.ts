import type { MediaReply, MediaRequest } from '@tandem/contract';
import { failureReason } from './mediaFailure';

/** What a handled operation gives back: an SDP for `getDescription`, nothing otherwise. */
export interface MediaOutcome {
  readonly sdp?: string;
}

export interface RequestRouterOptions {
  /** Performs one operation; may throw (a `MediaFailure` or anything else). */
  readonly handle: (request: MediaRequest) => Promise<MediaOutcome>;
  /** Sends the reply to main (`window.tandem.mediaReply`). Its own failures are swallowed. */
  readonly reply: (reply: MediaReply) => unknown;
  /** Main is never left waiting longer than this for one operation. */
  timeoutMs?: number;
}

/** Below main's own 10 s wait (MediaBroker), so main hears our reason rather than its own timeout. */
export const MEDIA_OPERATION_TIMEOUT_MS = 8_000;

/**
 * Routes `media:request` events to the handler and guarantees exactly one
 * reply per `requestId`, whatever happens: success, a thrown error, a promise
 * that never settles (timeout), or a reply channel that itself fails.
 *
 * Operations of one call run one after another, in arrival order, because an
 * RTCPeerConnection cannot take a second offer/answer while the first is
 * still being applied. `close` does not queue: hanging up must not wait behind
 * a slow getUserMedia or ICE gathering, and closing the connection makes those
 * finish at once. Different calls never wait for each other.
 */
export function createRequestRouter({ handle, reply, timeoutMs = MEDIA_OPERATION_TIMEOUT_MS }: RequestRouterOptions) {
  const tails = new Map<string, Promise<void>>();

  const send = (message: MediaReply) => {
    try {
      const sent = reply(message);
      if (sent instanceof Promise) sent.catch(() => undefined);
    } catch {
      // The bridge promises never to throw; if one does, there is nobody else to tell.
    }
  };

  const run = (request: MediaRequest): Promise<void> =>
    new Promise<void>((settle) => {
      let replied = false;
      const once = (result: MediaReply['result']) => {
        if (replied) return;
        replied = true;
        clearTimeout(timer);
        send({ requestId: request.requestId, result });
        settle();
      };
      const timer = setTimeout(() => once({ ok: false, reason: 'timeout' }), timeoutMs);
      let pending: Promise<MediaOutcome>;
      try {
        pending = handle(request);
      } catch (error) {
        once({ ok: false, reason: failureReason(error) });
        return;
      }
      pending.then(
        (outcome) => once(outcome.sdp === undefined ? { ok: true } : { ok: true, sdp: outcome.sdp }),
        (error: unknown) => once({ ok: false, reason: failureReason(error) }),
      );
    });

  return {
    /** Handles one request; the returned promise settles once its reply is sent and never rejects. */
    route(request: MediaRequest): Promise<void> {
      if (request.operation.op === 'close') return run(request);
      const { callId } = request;
      const previous = tails.get(callId);
      // With nothing queued the operation starts now, so a `close` right behind it cannot overtake it.
      const done = previous === undefined ? run(request) : previous.then(() => run(request));
      tails.set(callId, done);
      void done.then(() => {
        if (tails.get(callId) === done) tails.delete(callId);
      });
      return done;
    },
  };
}

export type RequestRouter = ReturnType<typeof createRequestRouter>;
