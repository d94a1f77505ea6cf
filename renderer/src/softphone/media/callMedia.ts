import { audioDirectionOf, chooseAudioDirection } from './sdpDirection';
import { ICE_GATHERING_TIMEOUT_MS, waitForIceGathering } from './iceGathering';
import { MediaFailure } from './mediaFailure';
import { readAudioStats, type AudioStats } from './mediaStats';
import { openMicrophone, type MicrophoneSource } from './microphone';
import { createRemoteAudio, type RemoteAudio } from './remoteAudio';

/** RFC 4733 events as most PBXs and IVRs expect them: 100 ms tones, 70 ms gaps. */
const DTMF_DURATION_MS = 100;
const DTMF_GAP_MS = 70;

export interface CallMediaDeps {
  readonly callId: string;
  readonly iceServers: RTCIceServer[];
  createPeerConnection(configuration: RTCConfiguration): RTCPeerConnection;
  readonly microphone: MicrophoneSource;
  /** The microphone and speaker to use now (already resolved against the plugged-in devices). */
  microphoneId(): string;
  speakerId(): string;
  readonly doc: Document;
  /** Called after the microphone opened: device labels become readable then. */
  onMicrophoneOpened?(): void;
  readonly iceGatheringTimeoutMs?: number;
}

/** What `prepare` gets ready (see the contract's `prepare` operation). */
export interface PrepareOptions {
  /** The ringing call's remote offer: apply it and make the answer now. */
  readonly sdp?: string;
  /** false: the connection and its ICE candidates only (default true). */
  readonly microphone?: boolean;
}

/** What the debug hook and a future call-quality view can read about one call. */
export interface CallMediaInfo {
  readonly callId: string;
  readonly signalingState: RTCSignalingState | 'none';
  readonly connectionState: RTCPeerConnectionState | 'none';
  /** Our transceiver's wish, and what the last offer/answer settled on. */
  readonly direction: RTCRtpTransceiverDirection | null;
  readonly currentDirection: RTCRtpTransceiverDirection | null;
  readonly held: boolean;
  readonly muted: boolean;
  readonly microphone: string | null;
  readonly remoteAudioPlaying: boolean;
}

export const configurationFor = (iceServers: RTCIceServer[]): RTCConfiguration => ({
  iceServers,
  // 'balanced', not 'max-bundle': Debian's rtpengine answers and offers without an a=group:BUNDLE line, which
  // max-bundle refuses outright. With one audio m-line nothing is lost. RTCP still rides on the RTP port.
  bundlePolicy: 'balanced',
  rtcpMuxPolicy: 'require',
  // Gather ahead of the first description, so a call prepared while ringing answers without waiting for ICE.
  iceCandidatePoolSize: 1,
});

/**
 * One call's media: its RTCPeerConnection, microphone track and remote audio
 * element. Created on the first request for the call; the connection itself
 * on `prepare` or the first description. Operations arrive one at a time
 * (the request router queues them), except `close`, which may cut in: every
 * step re-checks `closed` after it awaits.
 *
 * Hold is ours to keep: while held, the sender carries no track at all (the
 * customer hears nothing of the agent's side, and no RTP flows), and the
 * microphone stays open so resuming is instant.
 */
export class CallMedia {
  readonly callId: string;
  private pc: RTCPeerConnection | null = null;
  private remoteAudio: RemoteAudio | null = null;
  private localTrack: MediaStreamTrack | null = null;
  private opening: Promise<MediaStreamTrack> | null = null;
  private switching: Promise<void> = Promise.resolve();
  private iceServers: RTCIceServer[];
  private held = false;
  private muted = false;
  private closed = false;
  /**
   * The answer was made while the phone rings: until it is asked for (the
   * agent answered), the microphone is not sent and remote audio not played.
   */
  private ringing = false;
  /**
   * The offer `prepare` applied and the answer it made to it (not applied yet); `accepted` once
   * `setDescription` of that same offer came.
   */
  private prepared: { readonly offer: string; readonly answer: RTCSessionDescriptionInit; accepted: boolean } | null = null;

  constructor(private readonly deps: CallMediaDeps) {
    this.callId = deps.callId;
    this.iceServers = deps.iceServers;
  }

  /**
   * Starts the microphone (and, through the candidate pool, ICE gathering) while the phone rings.
   * With the remote offer, also applies it and makes the answer, kept until `getDescription`: answering
   * then only applies it (its candidates come from the pool) and attaches the microphone. Without the
   * microphone: the connection only (a standby for the next outbound call).
   *
   * The prepared answer is not applied (`setLocalDescription`) while the phone rings: applying it starts ICE
   * connectivity checks and, once a pair answers, the DTLS handshake toward the media server that sent the
   * offer (rtpengine) before our answer, carried by the 200 OK, has reached it — for a call the agent may
   * never take. Applied when the agent answers, the checks start as the 200 OK leaves, in the order an
   * unprepared phone keeps (issue 14; `tests/bench/answer.bench.ts` counts early answers that got RTP).
   */
  async prepare({ sdp, microphone = true }: PrepareOptions = {}): Promise<void> {
    const pc = this.connection();
    // Only a fresh connection: an offer for a call already negotiating goes through setDescription.
    if (sdp === undefined || pc.signalingState !== 'stable' || pc.remoteDescription !== null) {
      if (microphone) await this.ensureLocalTrack();
      return;
    }
    this.ringing = true;
    this.remoteAudio?.silence(true);
    // The answer first, then the microphone: one after the other, not side by side. On two busy cores,
    // getUserMedia (audio processing start-up) and the negotiation slow each other down about twofold.
    await pc.setRemoteDescription({ type: 'offer', sdp });
    this.assertOpen();
    const transceiver = this.audioTransceiver();
    if (transceiver) transceiver.direction = chooseAudioDirection(false, audioDirectionOf(sdp));
    const answer = await pc.createAnswer();
    this.assertOpen();
    // The track joins the transceiver the offer made, without being sent (see `withheld`).
    await this.ensureLocalTrack();
    this.assertOpen();
    this.prepared = { offer: sdp, answer, accepted: false };
  }

  /**
   * The local description: the answer when a remote offer is waiting, else an
   * offer (with new ICE credentials when `iceRestart`). Hold sets the
   * direction first (see `chooseAudioDirection`). Resolves with the SDP once
   * ICE gathering completed or timed out.
   */
  async getDescription(hold: boolean, iceRestart: boolean): Promise<string> {
    const pc = this.connection();
    const prepared = this.prepared;
    this.prepared = null;
    this.ringing = false;
    this.remoteAudio?.silence(false);
    await this.ensureLocalTrack();
    this.assertOpen();
    const answering = pc.signalingState === 'have-remote-offer';
    const transceiver = this.audioTransceiver();
    if (transceiver) {
      const peer = pc.remoteDescription ? audioDirectionOf(pc.remoteDescription.sdp) : null;
      const direction = chooseAudioDirection(hold, peer);
      if (transceiver.direction !== direction) transceiver.direction = direction;
    }
    await this.setHeld(hold);
    // The answer `prepare` made to this very offer (see setDescription), unless something else is asked (hold).
    const ready = answering && prepared?.accepted === true && !hold ? prepared.answer : undefined;
    const description = ready ?? (answering ? await pc.createAnswer() : await pc.createOffer({ iceRestart }));
    this.assertOpen();
    await pc.setLocalDescription(description);
    await waitForIceGathering(pc, this.deps.iceGatheringTimeoutMs ?? ICE_GATHERING_TIMEOUT_MS, { hostOnly: this.iceServers.length === 0 });
    this.assertOpen();
    const sdp = pc.localDescription?.sdp;
    if (sdp === undefined) throw new MediaFailure('negotiation-failed', 'no local description');
    return sdp;
  }

  /**
   * Applies the peer's description. In `stable` it is an offer; while our
   * offer is out it is the answer. Two crossings are repaired here:
   * - glare: our offer is out and the peer's SDP is an offer after all (an
   *   answer would not carry `a=setup:actpass`, so applying it as an answer
   *   fails) → roll our offer back and take theirs;
   * - a newer offer arrives while an earlier one was never answered (the
   *   transaction that carried it failed) → roll that one back first.
   */
  async setDescription(sdp: string, hold: boolean): Promise<void> {
    const pc = this.connection();
    if (this.prepared !== null && !this.prepared.accepted && !hold && sdp === this.prepared.offer && pc.signalingState === 'have-remote-offer') {
      // The offer `prepare` already applied: nothing to do (getDescription applies the answer it made).
      this.prepared.accepted = true;
      return;
    }
    // Anything else replaces a prepared answer: the offer is applied again (over the prepared one, rolled back).
    this.prepared = null;
    switch (pc.signalingState) {
      case 'stable':
        await pc.setRemoteDescription({ type: 'offer', sdp });
        break;
      case 'have-local-offer':
      case 'have-remote-pranswer':
        try {
          await pc.setRemoteDescription({ type: 'answer', sdp });
        } catch (asAnswer) {
          this.assertOpen();
          if (pc.signalingState !== 'have-local-offer') throw asAnswer;
          await pc.setLocalDescription({ type: 'rollback' });
          await pc.setRemoteDescription({ type: 'offer', sdp });
        }
        break;
      case 'have-remote-offer':
      case 'have-local-pranswer':
        await pc.setRemoteDescription({ type: 'rollback' });
        await pc.setRemoteDescription({ type: 'offer', sdp });
        break;
      case 'closed':
        throw new MediaFailure('closed');
    }
    this.assertOpen();
    await this.setHeld(hold);
  }

  /** Queues RFC 4733 tones after any still playing; fails with `no-dtmf-sender` so main can use SIP INFO. */
  dtmf(tones: string): void {
    this.assertOpen();
    const dtmf = this.audioTransceiver()?.sender.dtmf;
    if (!dtmf || !dtmf.canInsertDTMF) throw new MediaFailure('no-dtmf-sender');
    dtmf.insertDTMF(dtmf.toneBuffer + tones, DTMF_DURATION_MS, DTMF_GAP_MS);
  }

  /** Mute keeps the track (and RTP) going with silence, so unmuting needs no renegotiation. */
  mute(muted: boolean): void {
    this.muted = muted;
    if (this.localTrack) this.localTrack.enabled = !muted;
  }

  /** Uses new ICE servers from the next gathering on (a settings change between calls or before an ICE restart). */
  updateIceServers(iceServers: RTCIceServer[]): void {
    if (JSON.stringify(iceServers) === JSON.stringify(this.iceServers)) return;
    this.iceServers = iceServers;
    if (this.pc && !this.closed) this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
  }

  /**
   * Moves the call to another microphone with `RTCRtpSender.replaceTrack`:
   * same codec, same SSRC, no new offer/answer. Switches queue behind each other.
   */
  switchMicrophone(): Promise<void> {
    const next = this.switching.then(async () => {
      if (this.closed || (!this.localTrack && !this.opening)) return; // the next open uses the current device anyway
      if (this.opening) await this.opening.catch(() => undefined);
      const previous = this.localTrack;
      const track = await this.openTrack();
      if (this.closed) {
        track.stop();
        return;
      }
      this.localTrack = track;
      await this.audioTransceiver()?.sender.replaceTrack(this.withheld() ? null : track);
      previous?.stop();
    });
    this.switching = next.catch(() => undefined);
    return next;
  }

  setSpeaker(deviceId: string): void {
    this.remoteAudio?.setSink(deviceId);
  }

  async stats(): Promise<AudioStats | null> {
    if (!this.pc || this.closed) return null;
    return readAudioStats(this.pc);
  }

  info(): CallMediaInfo {
    const transceiver = this.audioTransceiver();
    return {
      callId: this.callId,
      signalingState: this.pc?.signalingState ?? 'none',
      connectionState: this.pc?.connectionState ?? 'none',
      direction: transceiver?.direction ?? null,
      currentDirection: transceiver?.currentDirection ?? null,
      held: this.held,
      muted: this.muted,
      microphone: this.localTrack?.label ?? null,
      remoteAudioPlaying: this.remoteAudio?.playing ?? false,
    };
  }

  /** Stops the microphone, closes the connection, lets the audio element go. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.localTrack?.stop();
    this.localTrack = null;
    this.pc?.close();
    this.remoteAudio?.dispose();
    this.remoteAudio = null;
  }

  // --- internals -------------------------------------------------------------

  /** The sender carries no track: on hold, or an answer prepared while it rings. */
  private withheld(): boolean {
    return this.held || this.ringing;
  }

  private assertOpen(): void {
    if (this.closed) throw new MediaFailure('closed');
  }

  private connection(): RTCPeerConnection {
    this.assertOpen();
    if (this.pc) return this.pc;
    const pc = this.deps.createPeerConnection(configurationFor(this.iceServers));
    const remoteAudio = createRemoteAudio(this.deps.doc, this.deps.speakerId());
    if (this.ringing) remoteAudio.silence(true);
    pc.addEventListener('track', (event) => {
      if (event.track.kind === 'audio') remoteAudio.attach(event.track);
    });
    this.pc = pc;
    this.remoteAudio = remoteAudio;
    return pc;
  }

  /** The call's one audio transceiver (max-bundle, one m=audio). */
  private audioTransceiver(): RTCRtpTransceiver | undefined {
    return this.pc?.getTransceivers().find((transceiver) => transceiver.receiver.track.kind === 'audio' && transceiver.currentDirection !== 'stopped');
  }

  private async openTrack(): Promise<MediaStreamTrack> {
    const track = await openMicrophone(this.deps.microphone, this.deps.microphoneId());
    track.enabled = !this.muted;
    // An unplugged microphone ends its track: reopen on whatever device is current now.
    track.addEventListener('ended', () => {
      if (!this.closed && this.localTrack === track) void this.switchMicrophone().catch(() => undefined);
    });
    this.deps.onMicrophoneOpened?.();
    return track;
  }

  private async ensureLocalTrack(): Promise<void> {
    if (this.localTrack) return;
    this.opening ??= this.openTrack();
    let track: MediaStreamTrack;
    try {
      track = await this.opening;
    } finally {
      this.opening = null;
    }
    if (this.closed) {
      track.stop();
      this.assertOpen();
    }
    if (this.localTrack) {
      if (this.localTrack !== track) track.stop(); // a concurrent open won
      return;
    }
    this.localTrack = track;
    const pc = this.connection();
    const transceiver = this.audioTransceiver();
    if (transceiver) {
      // The transceiver a remote offer created (recvonly until now): the direction is set when the answer is made.
      await transceiver.sender.replaceTrack(this.withheld() ? null : track);
      transceiver.sender.setStreams(new MediaStream([track]));
    } else {
      // addTrack (not addTransceiver): only a transceiver made by addTrack is reused by a later remote offer (JSEP §5.10).
      const sender = pc.addTrack(track, new MediaStream([track]));
      if (this.withheld()) await sender.replaceTrack(null);
    }
  }

  private async setHeld(hold: boolean): Promise<void> {
    this.held = hold;
    const sender = this.audioTransceiver()?.sender;
    const wanted = this.withheld() ? null : this.localTrack;
    if (sender && sender.track !== wanted) await sender.replaceTrack(wanted);
  }
}
