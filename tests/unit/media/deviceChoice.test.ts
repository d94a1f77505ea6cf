import { describe, expect, it } from 'vitest';
import { parseSavedDevice, resolveDevice, serializeSavedDevice, type AudioDevice } from '../../../renderer/src/softphone/media/deviceChoice';

const mic = (deviceId: string, label: string): AudioDevice => ({ deviceId, label, kind: 'audioinput', groupId: `g-${deviceId}` });
const listed = [mic('default', 'Default - Laptop Mic'), mic('laptop', 'Laptop Mic'), mic('headset', 'Jabra Evolve2')];

describe('which device a role uses', () => {
  it('with no choice made, the system default is used', () => {
    expect(resolveDevice(null, listed)).toEqual({ deviceId: 'default', label: 'Default - Laptop Mic', preferred: null, fallback: false });
  });

  it('the chosen headset is used while it is plugged in', () => {
    const preferred = { deviceId: 'headset', label: 'Jabra Evolve2' };
    expect(resolveDevice(preferred, listed)).toEqual({ deviceId: 'headset', label: 'Jabra Evolve2', preferred, fallback: false });
  });

  it('the headset is unplugged: the default carries on, marked as a fallback, and the choice is kept for its return', () => {
    const preferred = { deviceId: 'headset', label: 'Jabra Evolve2' };
    const unplugged = listed.filter((device) => device.deviceId !== 'headset');
    expect(resolveDevice(preferred, unplugged)).toEqual({ deviceId: 'default', label: 'Default - Laptop Mic', preferred, fallback: true });
    expect(resolveDevice(preferred, listed).deviceId).toBe('headset');
  });

  it('the browser gave the headset a new id (site data cleared): it is found again by its label', () => {
    const preferred = { deviceId: 'old-id', label: 'Jabra Evolve2' };
    expect(resolveDevice(preferred, listed)).toMatchObject({ deviceId: 'headset', fallback: false });
  });

  it('without a "default" entry the first listed device stands in', () => {
    expect(resolveDevice({ deviceId: 'gone', label: 'Gone' }, [mic('a', 'A'), mic('b', 'B')])).toMatchObject({ deviceId: 'a', fallback: true });
  });

  it('before permission the list is placeholders: the saved id is trusted as it is', () => {
    const preferred = { deviceId: 'headset', label: 'Jabra Evolve2' };
    expect(resolveDevice(preferred, [mic('', '')])).toMatchObject({ deviceId: 'headset', fallback: false });
    expect(resolveDevice(null, [mic('', '')])).toMatchObject({ deviceId: '', fallback: false });
  });

  it('an empty list tells nothing: the saved id is tried, and with no choice the system default (empty id) is used', () => {
    expect(resolveDevice({ deviceId: 'x', label: 'X' }, [])).toMatchObject({ deviceId: 'x', fallback: false });
    expect(resolveDevice(null, [])).toMatchObject({ deviceId: '', fallback: false });
  });
});

describe('remembering a choice', () => {
  it('round-trips id and label', () => {
    const saved = { deviceId: 'headset', label: 'Jabra <Evolve2> "pro"' };
    expect(parseSavedDevice(serializeSavedDevice(saved))).toEqual(saved);
  });

  it('anything malformed counts as no choice', () => {
    for (const raw of [null, '', 'not json', '42', 'null', '{"deviceId":1,"label":"x"}', JSON.stringify({ deviceId: 'x'.repeat(600), label: '' })]) {
      expect(parseSavedDevice(raw)).toBeNull();
    }
  });
});
