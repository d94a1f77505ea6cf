/**
 * A Node-side stand-in for the renderer's media engine, for signalling tests:
 * it answers `media:request` events through the contract (`media:reply`) with
 * plain-RTP SDP on 127.0.0.1 and follows the offer/answer rules the bridge
 * documents (main/core/softphone/media/bridgeSessionDescriptionHandler.ts).
 * Real WebRTC media is proven in Chromium by the e2e suite.
 */
import type { Core } from '../../../main/core/app/createCore';
import type { WindowId } from '../../../main/core/events/eventBus';
import type { MediaRequest } from '@tandem/contract';

type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

interface CallMedia {
  signalling: 'stable' | 'have-local-offer' | 'have-remote-offer';
  remoteDirection: Direction;
  version: number;
  readonly port: number;
}

export interface ProducedDescription {
  readonly callId: string;
  readonly kind: 'offer' | 'answer';
  readonly direction: Direction;
  readonly iceRestart: boolean;
  readonly sdp: string;
}

export function sdpDirection(sdp: string): Direction {
  const match = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(sdp);
  return (match?.[1] as Direction | undefined) ?? 'sendrecv';
}

/** RFC 3264 §6.1: the answer mirrors the offer; on hold we only send (or nothing). */
function answerDirection(remote: Direction, hold: boolean): Direction {
  const theyReceive = remote === 'sendrecv' || remote === 'recvonly';
  const theySend = remote === 'sendrecv' || remote === 'sendonly';
  if (hold) return theyReceive ? 'sendonly' : 'inactive';
  if (theyReceive && theySend) return 'sendrecv';
  if (theySend) return 'recvonly';
  if (theyReceive) return 'sendonly';
  return 'inactive';
}

export class TestMediaEngine {
  readonly requests: MediaRequest[] = [];
  readonly produced: ProducedDescription[] = [];
  readonly applied: Array<{ callId: string; sdp: string }> = [];
  /** Refuse RFC 4733 DTMF (to drive the SIP INFO fallback). */
  refuseDtmf = false;
  /** Stop answering at all (a renderer that crashed). */
  silent = false;
  readonly #calls = new Map<string, CallMedia>();
  readonly #unsubscribe: () => void;
  readonly #windowId: WindowId;
  #nextPort = 40000 + Math.floor(Math.random() * 5000) * 2;

  constructor(private readonly core: Core) {
    // Attached like a renderer window, so the calls' media requests are addressed to it.
    const attached = core.events.attachWindow((event, payload) => {
      if (event !== 'media:request') return;
      const request = payload as MediaRequest;
      this.requests.push(request);
      if (!this.silent) void this.#handle(request);
    });
    this.#windowId = attached.id;
    this.#unsubscribe = () => attached.detach();
  }

  ops(callId: string, op: MediaRequest['operation']['op']): MediaRequest[] {
    return this.requests.filter((request) => request.callId === callId && request.operation.op === op);
  }

  /** A renderer reload: every peer connection is gone. */
  forgetAll(): void {
    this.#calls.clear();
  }

  stop(): void {
    this.#unsubscribe();
  }

  async #handle(request: MediaRequest): Promise<void> {
    const { requestId, callId, operation } = request;
    const reply = (result: { ok: true; sdp?: string } | { ok: false; reason: string }) =>
      this.core.dispatch('media:reply', { requestId, result }, { windowId: this.#windowId });
    const media = this.#media(callId);
    switch (operation.op) {
      case 'getDescription': {
        const answering = media.signalling === 'have-remote-offer';
        const direction = answering ? answerDirection(media.remoteDirection, operation.hold) : operation.hold ? 'sendonly' : 'sendrecv';
        media.signalling = answering ? 'stable' : 'have-local-offer';
        media.version += 1;
        const sdp = this.#sdp(media, direction);
        this.produced.push({ callId, kind: answering ? 'answer' : 'offer', direction, iceRestart: operation.iceRestart, sdp });
        await reply({ ok: true, sdp });
        return;
      }
      case 'setDescription':
        this.applied.push({ callId, sdp: operation.sdp });
        if (media.signalling === 'have-local-offer') {
          media.signalling = 'stable';
        } else {
          media.signalling = 'have-remote-offer';
          media.remoteDirection = sdpDirection(operation.sdp);
        }
        await reply({ ok: true });
        return;
      case 'dtmf':
        await reply(this.refuseDtmf ? { ok: false, reason: 'no RTCDTMFSender' } : { ok: true });
        return;
      case 'close':
        this.#calls.delete(callId);
        await reply({ ok: true });
        return;
      case 'prepare':
      case 'mute':
        await reply({ ok: true });
        return;
    }
  }

  #media(callId: string): CallMedia {
    let media = this.#calls.get(callId);
    if (media === undefined) {
      media = { signalling: 'stable', remoteDirection: 'sendrecv', version: 0, port: this.#nextPort };
      this.#nextPort += 2;
      this.#calls.set(callId, media);
    }
    return media;
  }

  #sdp(media: CallMedia, direction: Direction): string {
    return [
      'v=0',
      `o=tandem-test 4242 ${media.version} IN IP4 127.0.0.1`,
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `m=audio ${media.port} RTP/AVP 0 8 101`,
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      `a=${direction}`,
      '',
    ].join('\r\n');
  }
}
