/**
 * Page script for the media end-to-end test, bundled by esbuild inside the
 * test. It stands in for the bridge: `window.tandem` is an in-page event
 * emitter, and the test plays main's part by emitting `media:request` events
 * and collecting the engine's `mediaReply` calls. The engine itself is the
 * real one, started the way the desk starts it (`startMedia`).
 */
import type { MediaOperation, MediaReply, TandemApi } from '@tandem/contract';
import { startMedia } from '../../../renderer/src/softphone/media/startMedia';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();
const waiting = new Map<string, (result: MediaReply['result']) => void>();
let readyCalls = 0;
let nextRequest = 0;

const tandem: Pick<TandemApi, 'on' | 'mediaReady' | 'mediaReply' | 'releaseMedia'> = {
  on: ((event: string, listener: Listener) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  }) as TandemApi['on'],
  mediaReady: () => {
    readyCalls += 1;
    return Promise.resolve({ ok: true, value: null });
  },
  mediaReply: (reply) => {
    waiting.get(reply.requestId)?.(reply.result);
    waiting.delete(reply.requestId);
    return Promise.resolve({ ok: true, value: null });
  },
  releaseMedia: () => Promise.resolve({ ok: true, value: null }),
};

function emit(event: string, payload: unknown): void {
  for (const listener of listeners.get(event) ?? []) listener(payload);
}

// Count renegotiation the engine did not ask main for: a mic switch must cause none.
const connections: RTCPeerConnection[] = [];
let negotiationNeeded = 0;
class RecordingPeerConnection extends RTCPeerConnection {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    connections.push(this);
    this.addEventListener('negotiationneeded', () => (negotiationNeeded += 1));
  }
}
window.RTCPeerConnection = RecordingPeerConnection;

const media = startMedia(window, tandem);

const tones: string[] = [];

const harness = {
  /** Plays main: sends one request and resolves with the engine's reply. */
  request(callId: string, operation: MediaOperation, iceServers: { urls: string }[] = []): Promise<MediaReply['result']> {
    const requestId = `r${++nextRequest}`;
    return new Promise((resolve) => {
      waiting.set(requestId, resolve);
      emit('media:request', { requestId, callId, iceServers, operation });
    });
  },
  emit,
  readyCalls: () => readyCalls,
  negotiationNeeded: () => negotiationNeeded,
  configurations: () => connections.map((pc) => pc.getConfiguration()),
  signalingStates: () => connections.map((pc) => pc.signalingState),
  /** Records the tones the last connection's DTMF sender actually plays. */
  listenForTones(): void {
    const sender = connections
      .at(-1)
      ?.getSenders()
      .find((candidate) => candidate.dtmf !== null);
    sender?.dtmf?.addEventListener('tonechange', (event) => tones.push(event.tone));
  },
  tones: () => [...tones],
  inputs: () => media.devices.getSnapshot().inputs.map(({ deviceId, label }) => ({ deviceId, label })),
  microphone: () => media.devices.getSnapshot().microphone,
  chooseMicrophone: (deviceId: string) => media.devices.choose('microphone', deviceId),
  ringtone: () => ({ ringing: media.ringtone.ringing, playing: media.ringtone.playing }),
};

Object.defineProperty(window, 'harness', { value: harness });
export type Harness = typeof harness;
