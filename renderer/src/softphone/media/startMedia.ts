import { afterNextPaint } from '../../dom/afterNextPaint';
import { untilPopPainted, type PopHold } from '../../dom/afterPopPaint';
import { canChooseOutput } from './audioOutput';
import { createAudioDevices, type AudioDevices, type ChoiceStorage, type DeviceSource } from './audioDevices';
import { CallMedia } from './callMedia';
import { installMediaDebugHook } from './debugHook';
import { MediaFailure } from './mediaFailure';
import { createMediaEngine, type MediaEngine, type MediaHost } from './mediaEngine';
import type { MicrophoneSource } from './microphone';
import { bindRingtone, createRingtone, type Ringtone } from './ringtone';

export interface Media {
  readonly devices: AudioDevices;
  readonly engine: MediaEngine;
  readonly ringtone: Ringtone;
  /** Re-reads which calls ring from a state snapshot (after a reload). */
  readonly resetRinging: ReturnType<typeof bindRingtone>['reset'];
  /** Runs a read of main's state, then releases the media of the calls main no longer holds (MediaEngine.reconcile). */
  readonly reconcile: MediaEngine['reconcile'];
  /** The connection to main reopened: main hears which calls' media this page holds (MediaEngine.reconnected). */
  reconnected(): void;
  stop(): void;
}

/** `localStorage` can be switched off or throw on access (privacy settings): then choices last a session. */
function storageOf(win: Window): ChoiceStorage | null {
  try {
    return win.localStorage;
  } catch {
    return null;
  }
}

/** Outside a secure context there is no `navigator.mediaDevices`: no devices, and every microphone request fails. */
const NO_DEVICES: DeviceSource & MicrophoneSource = {
  enumerateDevices: () => Promise.resolve([]),
  getUserMedia: () => Promise.reject(new MediaFailure('microphone-unavailable', 'no mediaDevices')),
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
};

/** The page's window with its constructors (`RTCPeerConnection`, `URL`, …), as `window` is typed. */
export type MediaWindow = Window & typeof globalThis;

/**
 * The renderer's media composition root: devices, the media engine, the
 * ringtone and (with `?debug=media`) the debug hook, wired to one
 * `window.tandem`. Call once per page, after the bridge is there. `popHold`
 * is the screen pop's hold on the page: the ringtone starts once the pop has
 * painted too (a first ring's reads answer just after the ringing row's frame).
 */
export function startMedia(win: MediaWindow, api: MediaHost, popHold?: PopHold): Media {
  const mediaDevices: (DeviceSource & MicrophoneSource) | undefined = win.navigator.mediaDevices;
  const source = mediaDevices ?? NO_DEVICES;
  const devices = createAudioDevices({ source, storage: storageOf(win), canChooseOutput: canChooseOutput(win) });
  // What the agent sees of a new call (its row, its screen pop) paints before its media and ringtone work starts.
  const afterPop = untilPopPainted(() => afterNextPaint(win), popHold);
  const engine = createMediaEngine({
    host: api,
    devices,
    // A ringing call's media is prepared once its screen pop has painted: getUserMedia and a new connection
    // load the browser process, where the pop's IndexedDB reads are answered. Then at once, in a task of its
    // own, so that an agent who answers a moment later finds the answer made. (It waited a fixed 150 ms
    // after the ringing frame before the pop could say when it had painted: answers within ~250 ms of the
    // ring then found it half done.) Answering sooner wakes it (see the engine).
    yieldToPaint: () => afterPop().then(() => new Promise<void>((resolve) => win.setTimeout(resolve, 0))),
    createCall: (callId, iceServers) =>
      new CallMedia({
        callId,
        iceServers,
        createPeerConnection: (configuration) => new win.RTCPeerConnection(configuration),
        microphone: source,
        microphoneId: () => devices.getSnapshot().microphone.deviceId,
        speakerId: () => devices.getSnapshot().speaker.deviceId,
        doc: win.document,
        onMicrophoneOpened: () => void devices.refresh(),
      }),
  });
  const ringtone = createRingtone({ doc: win.document, urls: win.URL, sinkId: devices.getSnapshot().ring.deviceId });
  const unsubscribeRingDevice = devices.subscribe(() => ringtone.setSink(devices.getSnapshot().ring.deviceId));
  const unbindRingtone = bindRingtone(api, ringtone, afterPop);
  engine.start();
  // A page unloaded for good (closed, reloaded, navigated away) takes its calls' media with it: main hears it and
  // hands them on when this page's connection closes, not after the grace it keeps for a page that may come back.
  // Only when the page is not kept in the back/forward cache (`persisted`): one that is may be shown again, with
  // its peer connections and its socket (or a new socket, on which it lists its calls): the grace is for just that,
  // and had it let go, another page would have taken its calls and its own copy would be closed on its return.
  // A cached page that is evicted instead says nothing, and costs the grace, as a lost connection does.
  const onPageHide = (event: PageTransitionEvent) => {
    if (!event.persisted) engine.letGo();
  };
  win.addEventListener('pagehide', onPageHide);
  void devices.refresh();
  const uninstallHook = installMediaDebugHook(win, engine);
  return {
    devices,
    engine,
    ringtone,
    resetRinging: unbindRingtone.reset,
    reconcile: (read, held) => engine.reconcile(read, held),
    reconnected: () => engine.reconnected(),
    stop() {
      win.removeEventListener('pagehide', onPageHide);
      uninstallHook();
      unbindRingtone();
      unsubscribeRingDevice();
      engine.stop();
      ringtone.dispose();
      devices.dispose();
    },
  };
}
