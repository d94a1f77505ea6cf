/**
 * The SessionDescriptionHandler of every call in main. It owns no media: it
 * forwards each sip.js request to the renderer's media engine as a
 * `media:request` event and waits for the `media:reply` with the same
 * requestId (10 s, then the sip.js operation fails with a clear error).
 * The event goes to one window only, the one that owns the call's media
 * (MediaBroker says how it is chosen); other windows never see it.
 *
 * ## What the media engine must do (one RTCPeerConnection per callId)
 *
 * - `prepare { sdp?, microphone? }` — the call rings: start getUserMedia on
 *   the chosen input and create the peer connection with the request's
 *   `iceServers` (never a default STUN server), so answering costs little.
 *   With `sdp` (the INVITE's offer) also apply it and create the answer,
 *   but do not apply the answer (no `setLocalDescription`) until it is asked
 *   for: applying it starts ICE checks and the DTLS handshake toward the far
 *   end's media server before our 200 OK has brought it the answer. At accept, `setDescription`
 *   of that same offer is then a no-op and `getDescription` applies the
 *   prepared answer (its candidates come from the pool gathered ahead) and
 *   returns it (any other offer or option is negotiated as usual).
 *   `microphone: false`: only the connection (the standby kept for the next
 *   outbound call, whose id `dial` then uses). Reply `{ ok: true }`.
 * - `getDescription { hold, iceRestart }` — produce the local description:
 *   - if a remote *offer* was applied (signalling state `have-remote-offer`),
 *     create the **answer**; otherwise create an **offer** (creating the peer
 *     connection first if there is none — after a renderer reload main sends a
 *     re-INVITE and this is how a fresh engine joins an existing call);
 *   - `iceRestart: true` → `createOffer({ iceRestart: true })` (the transport
 *     reconnected after a network change);
 *   - `hold: true` → before creating it, set the audio transceiver direction to
 *     `sendonly` (or `inactive` when the remote side is not sending either:
 *     remote offer `sendonly`/`inactive`); `hold: false` → `sendrecv`
 *     (or `recvonly` when the remote offer is `sendonly`). RFC 3264 §8.4;
 *   - `setLocalDescription`, then **wait for ICE gathering to complete**
 *     (`iceGatheringState === 'complete'`: SIP carries no trickle candidates),
 *     and reply `{ ok: true, sdp: pc.localDescription.sdp }`.
 * - `setDescription { sdp, hold }` — apply the remote description: an
 *   **offer** when the engine is `stable` (a new call or a re-INVITE from the
 *   far end), an **answer** when it is `have-local-offer`. Honour `hold` as
 *   above for the answer that will follow. Reply `{ ok: true }`.
 * - `dtmf { tones }` — RFC 4733 telephone-events through `RTCDTMFSender`
 *   (`sender.dtmf.insertDTMF(tones)`); reply `{ ok: false, reason }` when the
 *   sender has no DTMF (`canInsertDTMF` false): main then falls back to SIP INFO.
 * - `mute { muted }` — `track.enabled = !muted` on the local audio track (no
 *   renegotiation). Reply `{ ok: true }`.
 * - `close` — stop tracks, close the peer connection, forget the callId.
 *
 * Any failure: reply `{ ok: false, reason }` with a short developer reason.
 *
 * An answer goes only to the page that made its offer: when that page left before the far end's answer came (the
 * page playing the call closed during a hold or resume, or the page that dialled it closed while it rang), no other
 * page is asked to apply it (it would take the call with no offer of its own, and play nothing), the answer is
 * accepted as applied nowhere so the dialog goes on, and `onAnswerLost` says so: the call's media is restored next
 * (calls/renegotiation.ts; the answer to the first INVITE, as soon as the call is established).
 */
import type { BodyAndContentType, Session, SessionDescriptionHandler, SessionDescriptionHandlerFactory, SessionDescriptionHandlerOptions } from 'sip.js';
import type { WindowId } from '../../events/eventBus';
import type { Logger } from '../../log/logger';
import type { MediaBroker } from './mediaBroker';

/** What our calls pass to sip.js as `sessionDescriptionHandlerOptions`. */
export interface BridgeDescriptionOptions extends SessionDescriptionHandlerOptions {
  /** Put the call on hold (RFC 3264 §8.4: sendonly/inactive). */
  readonly hold?: boolean;
  /** Restart ICE in the next offer (RFC 8445 §9), after a network change. */
  readonly iceRestart?: boolean;
  /** sip.js Web SDH spelling of the same request. */
  readonly offerOptions?: { readonly iceRestart?: boolean };
}

const readOptions = (options: SessionDescriptionHandlerOptions | undefined): { hold: boolean; iceRestart: boolean } => {
  const bridge = (options ?? {}) as BridgeDescriptionOptions;
  return { hold: bridge.hold === true, iceRestart: bridge.iceRestart === true || bridge.offerOptions?.iceRestart === true };
};

export class BridgeSessionDescriptionHandler implements SessionDescriptionHandler {
  #closed = false;
  /** Where the offer/answer exchange stands: the far end's offer applied, or ours made in a page (then its window). */
  #exchange: { readonly state: 'stable' } | { readonly state: 'remoteOffer' } | { readonly state: 'localOffer'; readonly window: WindowId | undefined } = {
    state: 'stable',
  };

  constructor(
    private readonly broker: MediaBroker,
    /** Resolved per request: the call id is assigned around the time sip.js builds us. */
    private readonly callId: () => string,
    private readonly log: Logger,
    /** The offer this call's media was prepared with while it rang (`prepare { sdp }`), if any. */
    private readonly preparedOffer: () => string | undefined = () => undefined,
    /** The answer to an offer came back after the page that made it left, and was applied nowhere. */
    private readonly onAnswerLost: (callId: string) => void = () => undefined,
  ) {}

  async getDescription(options?: SessionDescriptionHandlerOptions): Promise<BodyAndContentType> {
    const { hold, iceRestart } = readOptions(options);
    const answering = this.#exchange.state === 'remoteOffer';
    const sdp = await this.broker.request(this.callId(), { op: 'getDescription', hold, iceRestart });
    if (sdp === undefined || sdp.length === 0) throw new Error('media engine replied to getDescription without SDP');
    this.#exchange = answering ? { state: 'stable' } : { state: 'localOffer', window: this.broker.ownerOf(this.callId()) };
    return { body: sdp, contentType: 'application/sdp' };
  }

  async setDescription(sdp: string, options?: SessionDescriptionHandlerOptions): Promise<void> {
    const { hold } = readOptions(options);
    const exchange = this.#exchange;
    this.#exchange = exchange.state === 'localOffer' ? { state: 'stable' } : { state: 'remoteOffer' };
    if (exchange.state === 'localOffer' && this.broker.ownerOf(this.callId()) !== exchange.window) {
      this.log.info('softphone: the page that made the offer left before its answer came; applied nowhere', { callId: this.callId() });
      this.onAnswerLost(this.callId());
      return;
    }
    const applied = this.broker.request(this.callId(), { op: 'setDescription', sdp, hold });
    if (!hold && sdp === this.preparedOffer()) {
      // Accepting the offer `prepare` already gave the engine: nothing new to apply, and the engine runs a
      // call's requests in order, so the getDescription sip.js sends next waits for this one there. Not
      // waiting for its reply here saves the answer one round trip to the page; a failure still fails that
      // getDescription (the engine answers afresh or refuses).
      applied.catch((error: unknown) => this.log.warn('softphone: media engine refused the prepared offer', { error: String(error) }));
      return;
    }
    await applied;
  }

  /** sip.js rolls back our offer when its re-INVITE is refused (and the far end's offer when we could not answer it). */
  rollbackDescription(): Promise<void> {
    this.#exchange = { state: 'stable' };
    return Promise.resolve();
  }

  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }

  /** sip.js's `Session.info`-less DTMF path: fire and forget (the call manager uses the broker directly to see failures). */
  sendDtmf(tones: string): boolean {
    this.broker.notify(this.callId(), { op: 'dtmf', tones });
    return true;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.log.info('softphone: media closed', { callId: this.callId() });
    this.broker.notify(this.callId(), { op: 'close' });
  }
}

/**
 * The factory sip.js calls for each session; `callIdOf` maps a session to our contract call id, `preparedOfferOf`
 * to the offer its media was prepared with while ringing.
 */
export function bridgeSdhFactory(
  broker: MediaBroker,
  callIdOf: (session: Session) => string,
  log: Logger,
  preparedOfferOf: (session: Session) => string | undefined = () => undefined,
  onAnswerLost: (callId: string) => void = () => undefined,
): SessionDescriptionHandlerFactory {
  return (session: Session) =>
    new BridgeSessionDescriptionHandler(
      broker,
      () => callIdOf(session),
      log,
      () => preparedOfferOf(session),
      onAnswerLost,
    );
}
