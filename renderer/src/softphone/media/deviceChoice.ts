/**
 * Picking the device to use for one role (microphone, speaker, ring device)
 * from what the agent chose earlier and what is plugged in now. Pure, so the
 * rules are tested without a browser.
 *
 * The agent's choice is a preference, not a state: it is kept when its device
 * disappears, so the headset is used again as soon as it is plugged back in,
 * while the default device carries the call in between.
 */

export const DEVICE_ROLES = ['microphone', 'speaker', 'ring'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

export const kindOfRole = (role: DeviceRole): MediaDeviceKind => (role === 'microphone' ? 'audioinput' : 'audiooutput');

export interface AudioDevice {
  readonly deviceId: string;
  /** The browser's label: data, shown as it is (empty until microphone permission is granted). */
  readonly label: string;
  readonly kind: MediaDeviceKind;
  readonly groupId: string;
}

/** What we remember: the id, and the label to find the device again if the browser gives it a new id. */
export interface SavedDevice {
  readonly deviceId: string;
  readonly label: string;
}

export interface ResolvedDevice {
  /** The id to use; '' means "the system default" (getUserMedia without deviceId, setSinkId('')). */
  readonly deviceId: string;
  readonly label: string;
  /** The agent's choice, whether or not it is plugged in. */
  readonly preferred: SavedDevice | null;
  /** True when a preferred device is missing and the default stands in for it. */
  readonly fallback: boolean;
}

/** Chromium lists the system default under the id 'default' (and 'communications' on Windows). */
export const DEFAULT_DEVICE_ID = 'default';

/** Before permission is granted the browser lists placeholders with empty ids: nothing can be matched then. */
export const isListingKnown = (devices: readonly AudioDevice[]): boolean => devices.some((device) => device.deviceId !== '');

function defaultDevice(devices: readonly AudioDevice[]): AudioDevice | undefined {
  return devices.find((device) => device.deviceId === DEFAULT_DEVICE_ID) ?? devices.find((device) => device.deviceId !== '');
}

/**
 * The device for a role:
 * 1. the preferred device by id;
 * 2. else a device with the same (non-empty) label: ids can change when site data is cleared;
 * 3. else the default device, marked as a fallback.
 * While the listing is unknown (no permission yet) the preferred id is trusted as it is.
 */
export function resolveDevice(preferred: SavedDevice | null, devices: readonly AudioDevice[]): ResolvedDevice {
  const usable = devices.filter((device) => device.deviceId !== '');
  if (preferred !== null && preferred.deviceId !== '') {
    if (!isListingKnown(devices)) return { deviceId: preferred.deviceId, label: preferred.label, preferred, fallback: false };
    const byId = usable.find((device) => device.deviceId === preferred.deviceId);
    if (byId) return { deviceId: byId.deviceId, label: byId.label, preferred, fallback: false };
    const byLabel = preferred.label === '' ? undefined : usable.find((device) => device.label === preferred.label);
    if (byLabel) return { deviceId: byLabel.deviceId, label: byLabel.label, preferred, fallback: false };
  }
  const fallback = preferred !== null && preferred.deviceId !== '';
  const device = defaultDevice(usable);
  return device ? { deviceId: device.deviceId, label: device.label, preferred, fallback } : { deviceId: '', label: '', preferred, fallback };
}

/** Reads a saved choice written by `serializeSavedDevice`; anything malformed counts as no choice. */
export function parseSavedDevice(raw: string | null): SavedDevice | null {
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const deviceId: unknown = Reflect.get(value, 'deviceId');
    const label: unknown = Reflect.get(value, 'label');
    if (typeof deviceId !== 'string' || typeof label !== 'string' || deviceId.length > 512 || label.length > 512) return null;
    return { deviceId, label };
  } catch {
    return null;
  }
}

export const serializeSavedDevice = (device: SavedDevice): string => JSON.stringify({ deviceId: device.deviceId, label: device.label });
