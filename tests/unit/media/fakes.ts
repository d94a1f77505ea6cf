import type { EventName, EventPayload, MediaReply, MediaRequest, TandemApi } from '@tandem/contract';
import type { ChoiceStorage, DeviceSource } from '../../../renderer/src/softphone/media/audioDevices';
import type { CallMediaInfo } from '../../../renderer/src/softphone/media/callMedia';
import type { CallMediaLike } from '../../../renderer/src/softphone/media/mediaEngine';

/** The slice of `window.tandem` the media code uses, recording what it is told. */
export function createFakeMediaHost() {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const replies: MediaReply[] = [];
  const log: string[] = [];
  let ready = 0;
  const api: Pick<TandemApi, 'on' | 'mediaReady' | 'mediaReply' | 'releaseMedia'> = {
    on: (event: EventName, listener: (payload: never) => void) => {
      log.push(`on:${event}`);
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    mediaReady: () => {
      ready += 1;
      log.push('mediaReady');
      return Promise.resolve({ ok: true, value: null });
    },
    mediaReply: (reply) => {
      replies.push(reply);
      return Promise.resolve({ ok: true, value: null });
    },
    releaseMedia: () => {
      log.push('releaseMedia');
      return Promise.resolve({ ok: true, value: null });
    },
  };
  return {
    api,
    replies,
    log,
    ready: () => ready,
    listenerCount: (event: EventName) => listeners.get(event)?.size ?? 0,
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const listener of listeners.get(event) ?? []) (listener as (payload: EventPayload<E>) => void)(payload);
    },
  };
}

let requestNumber = 0;
export const mediaRequest = (callId: string, operation: MediaRequest['operation'], iceServers: MediaRequest['iceServers'] = []): MediaRequest => ({
  requestId: `req-${++requestNumber}`,
  callId,
  iceServers,
  operation,
});

/** `navigator.mediaDevices` with a device list the test changes, and `devicechange` on demand. */
export function createFakeDeviceSource(initial: MediaDeviceInfo[] = []) {
  const target = new EventTarget();
  let devices = initial;
  let enumerations = 0;
  const source: DeviceSource = {
    enumerateDevices: () => {
      enumerations += 1;
      return Promise.resolve(devices);
    },
    addEventListener: target.addEventListener.bind(target) as DeviceSource['addEventListener'],
    removeEventListener: target.removeEventListener.bind(target) as DeviceSource['removeEventListener'],
  };
  return {
    source,
    enumerations: () => enumerations,
    /** Replaces the list and fires `devicechange`, as plugging or unplugging a headset does. */
    plug(next: MediaDeviceInfo[]) {
      devices = next;
      target.dispatchEvent(new Event('devicechange'));
    },
    set(next: MediaDeviceInfo[]) {
      devices = next;
    },
  };
}

export const device = (kind: MediaDeviceKind, deviceId: string, label: string): MediaDeviceInfo => ({
  kind,
  deviceId,
  label,
  groupId: `group-${deviceId}`,
  toJSON: () => ({ kind, deviceId, label }),
});

export function createMemoryStorage(initial: Record<string, string> = {}): ChoiceStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

/** The parts of a call's media a story about preparing and releasing it does not look at: each does nothing. */
export const quietCallMedia = (callId: string): Omit<CallMediaLike, 'prepare' | 'getDescription' | 'setDescription' | 'close'> => ({
  dtmf: () => undefined,
  mute: () => undefined,
  updateIceServers: () => undefined,
  switchMicrophone: () => Promise.resolve(),
  setSpeaker: () => undefined,
  stats: () => Promise.resolve(null),
  info: () => ({ callId }) as CallMediaInfo,
});
