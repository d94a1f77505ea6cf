import {
  DEVICE_ROLES,
  kindOfRole,
  parseSavedDevice,
  resolveDevice,
  serializeSavedDevice,
  type AudioDevice,
  type DeviceRole,
  type ResolvedDevice,
  type SavedDevice,
} from './deviceChoice';

export type { AudioDevice, DeviceRole, ResolvedDevice, SavedDevice } from './deviceChoice';

export interface AudioDevicesSnapshot {
  readonly inputs: readonly AudioDevice[];
  readonly outputs: readonly AudioDevice[];
  readonly microphone: ResolvedDevice;
  readonly speaker: ResolvedDevice;
  readonly ring: ResolvedDevice;
  /** Whether output devices can be chosen at all (`HTMLMediaElement.setSinkId`). */
  readonly canChooseOutput: boolean;
}

/** The parts of `navigator.mediaDevices` we use; tests pass a fake. */
export type DeviceSource = Pick<MediaDevices, 'enumerateDevices' | 'addEventListener' | 'removeEventListener'>;

/** The parts of `localStorage` we use. */
export type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const storageKeyOf = (role: DeviceRole): string => `tandem.audio.${role}`;

export interface AudioDevicesOptions {
  readonly source: DeviceSource;
  readonly storage: ChoiceStorage | null;
  readonly canChooseOutput: boolean;
}

/**
 * The agent's three audio devices (microphone, speaker, ring device) as a tiny
 * external store: `subscribe` + `getSnapshot`, ready for `useSyncExternalStore`
 * or a zustand slice. The snapshot object only changes when something in it
 * changes, so React does not re-render for nothing.
 *
 * The list follows `devicechange` (headset plugged or unplugged) and every
 * `refresh()` (call it after getUserMedia: labels appear once permission is
 * granted). Choices are remembered in `localStorage` by id and label.
 */
export function createAudioDevices({ source, storage, canChooseOutput }: AudioDevicesOptions) {
  const listeners = new Set<() => void>();
  let devices: readonly AudioDevice[] = [];
  const preferences = new Map<DeviceRole, SavedDevice | null>(DEVICE_ROLES.map((role) => [role, readPreference(role)]));
  let snapshot = build();
  let refreshing: Promise<void> | null = null;
  let disposed = false;

  function readPreference(role: DeviceRole): SavedDevice | null {
    try {
      return parseSavedDevice(storage?.getItem(storageKeyOf(role)) ?? null);
    } catch {
      return null; // storage disabled or full: choices last for this session only
    }
  }

  function writePreference(role: DeviceRole, device: SavedDevice | null) {
    preferences.set(role, device);
    try {
      if (device === null) storage?.removeItem(storageKeyOf(role));
      else storage?.setItem(storageKeyOf(role), serializeSavedDevice(device));
    } catch {
      // see readPreference
    }
  }

  function build(): AudioDevicesSnapshot {
    const ofKind = (kind: MediaDeviceKind) => devices.filter((device) => device.kind === kind);
    const resolve = (role: DeviceRole) => resolveDevice(preferences.get(role) ?? null, ofKind(kindOfRole(role)));
    return {
      inputs: ofKind('audioinput'),
      outputs: ofKind('audiooutput'),
      microphone: resolve('microphone'),
      speaker: resolve('speaker'),
      ring: resolve('ring'),
      canChooseOutput,
    };
  }

  function publish() {
    const next = build();
    if (JSON.stringify(next) === JSON.stringify(snapshot)) return;
    snapshot = next;
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch {
        // one faulty listener must not stop the others (the media engine is one of them)
      }
    }
  }

  async function enumerate() {
    try {
      const listed = await source.enumerateDevices();
      if (disposed) return;
      devices = listed
        .filter((device) => device.kind === 'audioinput' || device.kind === 'audiooutput')
        .map(({ deviceId, label, kind, groupId }) => ({ deviceId, label, kind, groupId }));
      publish();
    } catch {
      // enumerateDevices only fails in insecure contexts; keep the last list.
    }
  }

  const onDeviceChange = () => void refresh();
  source.addEventListener('devicechange', onDeviceChange);

  /** Re-reads the device list; concurrent calls share one enumeration, and a call during one runs again after it. */
  function refresh(): Promise<void> {
    if (refreshing) return refreshing.then(() => refresh());
    refreshing = enumerate().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  return {
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: (): AudioDevicesSnapshot => snapshot,
    refresh,
    /**
     * Remembers the agent's choice for a role; '' goes back to the system default.
     * A device not in the current list is ignored (the list is the only source of valid ids).
     */
    choose(role: DeviceRole, deviceId: string): boolean {
      if (deviceId === '') {
        writePreference(role, null);
      } else {
        const device = devices.find((candidate) => candidate.kind === kindOfRole(role) && candidate.deviceId === deviceId);
        if (!device) return false;
        writePreference(role, { deviceId: device.deviceId, label: device.label });
      }
      publish();
      return true;
    },
    dispose() {
      disposed = true;
      source.removeEventListener('devicechange', onDeviceChange);
      listeners.clear();
    },
  };
}

export type AudioDevices = ReturnType<typeof createAudioDevices>;
