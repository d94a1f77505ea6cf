import type { AudioDevicesSnapshot, DeviceRole } from './media/audioDevices';
import type { SliceCreator } from '../store/store';

/** The media engine's device store, as far as the desk uses it. */
export interface DeviceChooser {
  getSnapshot(): AudioDevicesSnapshot;
  subscribe(listener: () => void): () => void;
  choose(role: DeviceRole, deviceId: string): boolean;
  refresh(): Promise<void>;
}

export interface DevicesSlice {
  /** The microphone, speaker and ring device lists and choices; null when the page has no media engine. */
  audioDevices: AudioDevicesSnapshot | null;
  readonly audioDevicesChanged: (snapshot: AudioDevicesSnapshot) => void;
  readonly chooseAudioDevice: (role: DeviceRole, deviceId: string) => void;
  /** Re-lists devices (labels appear once the microphone has been allowed). */
  readonly refreshAudioDevices: () => void;
}

export const createDevicesSlice: SliceCreator<DevicesSlice> = (deps) => (set) => ({
  audioDevices: deps.devices?.getSnapshot() ?? null,
  audioDevicesChanged(audioDevices) {
    set({ audioDevices });
  },
  chooseAudioDevice(role, deviceId) {
    // The device store publishes the new snapshot itself, which lands here through audioDevicesChanged.
    deps.devices?.choose(role, deviceId);
  },
  refreshAudioDevices() {
    void deps.devices?.refresh();
  },
});
