/**
 * The page's WebRTC as the real media engine (`startMedia`, `CallMedia`) uses it, for stories that run the
 * desk in happy-dom, which has no RTCPeerConnection and no microphone: each connection and each microphone
 * track says whether it is still open, so a story can tell that the agent's microphone was really released
 * (the track stopped, the red recording dot gone) and the connection closed.
 */

/** A microphone track: live until stopped. */
export class FakeTrack extends EventTarget {
  readonly kind = 'audio';
  readonly id = crypto.randomUUID();
  readonly label = 'Built-in microphone';
  enabled = true;
  readyState: MediaStreamTrackState = 'live';
  stop(): void {
    this.readyState = 'ended';
  }
}

interface FakeSender {
  track: FakeTrack | null;
  readonly dtmf: null;
  replaceTrack(track: FakeTrack | null): Promise<void>;
  setStreams(): void;
}

interface FakeTransceiver {
  readonly sender: FakeSender;
  readonly receiver: { readonly track: { readonly kind: 'audio' } };
  direction: RTCRtpTransceiverDirection;
  currentDirection: RTCRtpTransceiverDirection | null;
}

const sender = (track: FakeTrack | null): FakeSender => {
  const made: FakeSender = {
    track,
    dtmf: null,
    replaceTrack: (next) => {
      made.track = next;
      return Promise.resolve();
    },
    setStreams: () => undefined,
  };
  return made;
};

/** One RTCPeerConnection, enough of it for CallMedia's offer/answer; its ICE candidates are in every description at once. */
export class FakePeerConnection extends EventTarget {
  signalingState: RTCSignalingState = 'stable';
  connectionState: RTCPeerConnectionState = 'new';
  iceGatheringState: RTCIceGatheringState = 'complete';
  remoteDescription: RTCSessionDescriptionInit | null = null;
  localDescription: RTCSessionDescriptionInit | null = null;
  readonly transceivers: FakeTransceiver[] = [];

  constructor(
    readonly configuration: RTCConfiguration,
    made: FakePeerConnection[],
  ) {
    super();
    made.push(this);
  }

  get closed(): boolean {
    return this.signalingState === 'closed';
  }
  getConfiguration(): RTCConfiguration {
    return this.configuration;
  }
  setConfiguration(): void {}
  getTransceivers(): FakeTransceiver[] {
    return this.transceivers;
  }
  addTrack(track: FakeTrack): FakeSender {
    const added = sender(track);
    this.transceivers.push({ sender: added, receiver: { track: { kind: 'audio' } }, direction: 'sendrecv', currentDirection: null });
    return added;
  }
  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    if (description.type === 'rollback') {
      this.remoteDescription = null;
      this.signalingState = 'stable';
      return Promise.resolve();
    }
    this.remoteDescription = description;
    this.signalingState = description.type === 'offer' ? 'have-remote-offer' : 'stable';
    // A remote offer's m=audio makes the transceiver the answer's microphone joins.
    if (this.transceivers.length === 0)
      this.transceivers.push({ sender: sender(null), receiver: { track: { kind: 'audio' } }, direction: 'recvonly', currentDirection: null });
    return Promise.resolve();
  }
  createAnswer(): Promise<RTCSessionDescriptionInit> {
    return Promise.resolve({ type: 'answer', sdp: 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n' });
  }
  createOffer(): Promise<RTCSessionDescriptionInit> {
    return Promise.resolve({ type: 'offer', sdp: 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n' });
  }
  setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.localDescription = { ...description, sdp: `${description.sdp ?? ''}a=candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host\r\n` };
    this.signalingState = description.type === 'offer' ? 'have-local-offer' : 'stable';
    for (const transceiver of this.transceivers) transceiver.currentDirection = transceiver.direction;
    return Promise.resolve();
  }
  getStats(): Promise<Map<string, unknown>> {
    return Promise.resolve(new Map<string, unknown>());
  }
  close(): void {
    this.signalingState = 'closed';
    this.connectionState = 'closed';
  }
}

/**
 * Puts a fake RTCPeerConnection and microphone on the page's window (the desk then starts its real media
 * engine on them); returns what was made and `remove` to take them off again.
 */
export function installFakeWebRtc(win: Window & typeof globalThis) {
  const connections: FakePeerConnection[] = [];
  const microphones: FakeTrack[] = [];
  const devices = new EventTarget();
  const mediaDevices = {
    enumerateDevices: () => Promise.resolve([]),
    getUserMedia: () => {
      const track = new FakeTrack();
      microphones.push(track);
      return Promise.resolve(new win.MediaStream([track as unknown as MediaStreamTrack]));
    },
    addEventListener: devices.addEventListener.bind(devices),
    removeEventListener: devices.removeEventListener.bind(devices),
  };
  const hadConnection = Object.getOwnPropertyDescriptor(win, 'RTCPeerConnection');
  const hadDevices = Object.getOwnPropertyDescriptor(win.navigator, 'mediaDevices');
  Object.defineProperty(win, 'RTCPeerConnection', {
    configurable: true,
    writable: true,
    value: class extends FakePeerConnection {
      constructor(configuration: RTCConfiguration) {
        super(configuration, connections);
      }
    },
  });
  Object.defineProperty(win.navigator, 'mediaDevices', { configurable: true, value: mediaDevices });
  return {
    connections,
    microphones,
    /** The microphones still capturing. */
    liveMicrophones: () => microphones.filter((track) => track.readyState === 'live'),
    /** The connections not closed yet. */
    openConnections: () => connections.filter((connection) => !connection.closed),
    remove() {
      if (hadConnection === undefined) Reflect.deleteProperty(win, 'RTCPeerConnection');
      else Object.defineProperty(win, 'RTCPeerConnection', hadConnection);
      if (hadDevices === undefined) Reflect.deleteProperty(win.navigator, 'mediaDevices');
      else Object.defineProperty(win.navigator, 'mediaDevices', hadDevices);
    },
  };
}

export type FakeWebRtc = ReturnType<typeof installFakeWebRtc>;
