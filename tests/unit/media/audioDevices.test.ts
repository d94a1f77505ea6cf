import { describe, expect, it, vi } from 'vitest';
import { createAudioDevices, storageKeyOf } from '../../../renderer/src/softphone/media/audioDevices';
import { createFakeDeviceSource, createMemoryStorage, device } from './fakes';

const laptop = [
  device('audioinput', 'default', 'Default - Laptop Mic'),
  device('audioinput', 'laptop-mic', 'Laptop Mic'),
  device('audiooutput', 'default', 'Default - Laptop Speakers'),
  device('audiooutput', 'laptop-speakers', 'Laptop Speakers'),
];
const headset = [device('audioinput', 'jabra-mic', 'Jabra Evolve2'), device('audiooutput', 'jabra-out', 'Jabra Evolve2')];
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the agent’s audio devices', () => {
  it('lists inputs and outputs, and uses the defaults before any choice', async () => {
    const { source } = createFakeDeviceSource([...laptop, ...headset, device('videoinput', 'cam', 'Camera')]);
    const devices = createAudioDevices({ source, storage: createMemoryStorage(), canChooseOutput: true });
    await devices.refresh();
    const snapshot = devices.getSnapshot();
    expect(snapshot.inputs.map((input) => input.deviceId)).toEqual(['default', 'laptop-mic', 'jabra-mic']);
    expect(snapshot.outputs.map((output) => output.deviceId)).toEqual(['default', 'laptop-speakers', 'jabra-out']);
    expect([snapshot.microphone.deviceId, snapshot.speaker.deviceId, snapshot.ring.deviceId]).toEqual(['default', 'default', 'default']);
  });

  it('the agent picks her headset for talking and the laptop speakers for ringing; the choices survive a restart', async () => {
    const storage = createMemoryStorage();
    const { source } = createFakeDeviceSource([...laptop, ...headset]);
    const devices = createAudioDevices({ source, storage, canChooseOutput: true });
    await devices.refresh();
    expect(devices.choose('microphone', 'jabra-mic')).toBe(true);
    expect(devices.choose('speaker', 'jabra-out')).toBe(true);
    expect(devices.choose('ring', 'laptop-speakers')).toBe(true);
    expect(JSON.parse(storage.data.get(storageKeyOf('microphone'))!)).toEqual({ deviceId: 'jabra-mic', label: 'Jabra Evolve2' });

    const again = createAudioDevices({ source, storage, canChooseOutput: true });
    await again.refresh();
    const snapshot = again.getSnapshot();
    expect([snapshot.microphone.deviceId, snapshot.speaker.deviceId, snapshot.ring.deviceId]).toEqual(['jabra-mic', 'jabra-out', 'laptop-speakers']);
  });

  it('the headset is unplugged mid-shift: the defaults take over at once, and the headset is used again when it is back', async () => {
    const storage = createMemoryStorage({ [storageKeyOf('microphone')]: JSON.stringify({ deviceId: 'jabra-mic', label: 'Jabra Evolve2' }) });
    const fake = createFakeDeviceSource([...laptop, ...headset]);
    const devices = createAudioDevices({ source: fake.source, storage, canChooseOutput: true });
    await devices.refresh();
    const listener = vi.fn();
    devices.subscribe(listener);

    fake.plug(laptop);
    await settle();
    expect(devices.getSnapshot().microphone).toMatchObject({ deviceId: 'default', fallback: true, preferred: { deviceId: 'jabra-mic' } });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(storage.data.has(storageKeyOf('microphone'))).toBe(true);

    fake.plug([...laptop, ...headset]);
    await settle();
    expect(devices.getSnapshot().microphone).toMatchObject({ deviceId: 'jabra-mic', fallback: false });
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('the snapshot object only changes when something changed (useSyncExternalStore needs that)', async () => {
    const fake = createFakeDeviceSource(laptop);
    const devices = createAudioDevices({ source: fake.source, storage: null, canChooseOutput: false });
    await devices.refresh();
    const first = devices.getSnapshot();
    const listener = vi.fn();
    devices.subscribe(listener);
    await devices.refresh();
    expect(devices.getSnapshot()).toBe(first);
    expect(listener).not.toHaveBeenCalled();
    expect(first.canChooseOutput).toBe(false);
  });

  it('an unknown device cannot be chosen, and choosing "" goes back to the default', async () => {
    const storage = createMemoryStorage();
    const { source } = createFakeDeviceSource([...laptop, ...headset]);
    const devices = createAudioDevices({ source, storage, canChooseOutput: true });
    await devices.refresh();
    expect(devices.choose('microphone', 'jabra-out')).toBe(false); // an output is not a microphone
    expect(devices.choose('microphone', 'nope')).toBe(false);
    devices.choose('microphone', 'jabra-mic');
    expect(devices.choose('microphone', '')).toBe(true);
    expect(devices.getSnapshot().microphone.deviceId).toBe('default');
    expect(storage.data.has(storageKeyOf('microphone'))).toBe(false);
  });

  it('storage that throws (privacy settings) only makes choices last for the session', async () => {
    const throwing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const { source } = createFakeDeviceSource([...laptop, ...headset]);
    const devices = createAudioDevices({ source, storage: throwing, canChooseOutput: true });
    await devices.refresh();
    expect(devices.choose('speaker', 'jabra-out')).toBe(true);
    expect(devices.getSnapshot().speaker.deviceId).toBe('jabra-out');
  });

  it('after dispose, device changes are no longer followed', async () => {
    const fake = createFakeDeviceSource(laptop);
    const devices = createAudioDevices({ source: fake.source, storage: null, canChooseOutput: true });
    await devices.refresh();
    const before = fake.enumerations();
    devices.dispose();
    fake.plug([...laptop, ...headset]);
    await settle();
    expect(fake.enumerations()).toBe(before);
  });
});
