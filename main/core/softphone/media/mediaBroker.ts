import { randomUUID } from 'node:crypto';
import type { MediaOperation, MediaReply, MediaRequest } from '../../../../preload/contract';
import type { EventBus } from '../../events/eventBus';
import type { Logger } from '../../log/logger';
import type { Clock } from '../../time/clock';

export type IceServers = MediaRequest['iceServers'];

export class MediaEngineError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'refused' | 'closed',
  ) {
    super(message);
    this.name = 'MediaEngineError';
  }
}

interface Pending {
  readonly resolve: (sdp: string | undefined) => void;
  readonly reject: (error: MediaEngineError) => void;
  readonly timer: unknown;
  readonly op: MediaOperation['op'];
}

/**
 * Main's half of the media RPC: a `media:request` event goes to every window,
 * the renderer's media engine answers with `media:reply` carrying the same
 * requestId. The first reply wins; an unknown or late reply is ignored.
 */
export class MediaBroker {
  readonly #pending = new Map<string, Pending>();

  constructor(
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly iceServers: IceServers,
    private readonly log: Logger,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Sends `operation` for `callId`; resolves with the reply's SDP (if any), rejects on refusal or timeout. */
  request(callId: string, operation: MediaOperation): Promise<string | undefined> {
    const requestId = randomUUID();
    return new Promise<string | undefined>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.#pending.delete(requestId);
        reject(new MediaEngineError(`media engine did not answer ${operation.op} for call ${callId} within ${this.timeoutMs} ms`, 'timeout'));
      }, this.timeoutMs);
      this.#pending.set(requestId, { resolve, reject, timer, op: operation.op });
      this.events.emit('media:request', { requestId, callId, iceServers: this.iceServers, operation });
    });
  }

  /** Fire and forget (prepare, close): a missing engine must not fail the call. */
  notify(callId: string, operation: MediaOperation): void {
    this.request(callId, operation).catch((error: unknown) => {
      this.log.warn('softphone: media engine did not confirm', { op: operation.op, error: String(error) });
    });
  }

  reply(reply: MediaReply): void {
    const pending = this.#pending.get(reply.requestId);
    if (pending === undefined) return;
    this.#pending.delete(reply.requestId);
    this.clock.clearTimeout(pending.timer);
    if (reply.result.ok) pending.resolve(reply.result.sdp);
    else pending.reject(new MediaEngineError(`media engine refused ${pending.op}: ${reply.result.reason}`, 'refused'));
  }

  dispose(): void {
    for (const [requestId, pending] of this.#pending) {
      this.clock.clearTimeout(pending.timer);
      pending.reject(new MediaEngineError(`softphone closed before ${pending.op} was answered`, 'closed'));
      this.#pending.delete(requestId);
    }
  }
}
