import { ok, type CallInfo, type RegistrationStatus, type RequestChannel, type Result, type SoftphoneSnapshot, type TransferRequest } from '@tandem/contract';
import type { AudioDevicesSnapshot, DeviceRole } from '../../../renderer/src/softphone/media/audioDevices';
import type { DeviceChooser } from '../../../renderer/src/softphone/devicesSlice';
import { createFakeHost, type FakeHost, type FakeHostOptions } from './fakeHost';

export const registered = (overrides: Partial<RegistrationStatus> = {}): RegistrationStatus => ({
  state: 'registered',
  expiresAt: Date.now() + 300_000,
  nextRetryAt: null,
  lastErrorKey: null,
  attempt: 0,
  ...overrides,
});

let nextId = 0;

/** A call as main would describe it; inbound and ringing unless told otherwise. */
export function callInfo(overrides: Partial<CallInfo> = {}): CallInfo {
  nextId += 1;
  return {
    id: `call-${nextId}`,
    direction: 'inbound',
    state: 'ringing',
    remote: { uri: 'sip:+34600111222@example.com', displayName: 'Lucía Fernández', number: '+34600111222' },
    startedAt: Date.now(),
    answeredAt: null,
    endedAt: null,
    heldAt: null,
    muted: false,
    consultFor: null,
    outcome: null,
    reasonKey: null,
    ...overrides,
  };
}

const SOFTPHONE_ACTIONS: RequestChannel[] = [
  'softphone:register',
  'softphone:unregister',
  'softphone:answer',
  'softphone:decline',
  'softphone:hangup',
  'softphone:hold',
  'softphone:resume',
  'softphone:setMuted',
  'softphone:sendDtmf',
  'softphone:blindTransfer',
  'softphone:completeTransfer',
  'softphone:answerTransferRequest',
];

export interface PhoneHostOptions extends FakeHostOptions {
  readonly registration?: RegistrationStatus;
  readonly calls?: readonly CallInfo[];
  /** Transfer questions main is still asking when the window opens. */
  readonly transferRequests?: readonly TransferRequest[];
  /** Calls main ended lately (SoftphoneSnapshot.ended). */
  readonly ended?: readonly CallInfo[];
}

/**
 * The fake host with a softphone that accepts every request. It does not
 * move calls by itself: each test plays main by emitting `softphone:call`,
 * so the story reads in order (agent clicks → main reports the new state).
 */
export const ANA_SIP = {
  server: 'ws://127.0.0.1:8088',
  uri: 'sip:1001@127.0.0.1',
  authorizationUser: '1001',
  displayName: 'Ana R.',
  defaultRegion: 'US',
  hasPassword: true,
} as const;

export function createPhoneHost(options: PhoneHostOptions = {}): FakeHost & { sent(channel: RequestChannel): unknown[] } {
  const accept = (): Result<null> => ok(null);
  const host = createFakeHost({
    ...options,
    // A phone seat: the profile has a SIP account.
    settings: { sip: ANA_SIP, ...options.settings },
    answers: {
      'softphone:getState': () =>
        ok({
          registration: options.registration ?? registered(),
          calls: [...(options.calls ?? [])],
          transferRequests: [...(options.transferRequests ?? [])],
          ended: [...(options.ended ?? [])],
          standby: null,
        } satisfies SoftphoneSnapshot),
      'softphone:dial': () => ok({ callId: 'dialled-1' }),
      'softphone:consult': () => ok({ callId: 'consult-1' }),
      ...Object.fromEntries(SOFTPHONE_ACTIONS.map((channel) => [channel, accept])),
      ...options.answers,
    },
  });
  return Object.assign(host, {
    sent: (channel: RequestChannel) => host.requests.filter((request) => request.channel === channel).map((request) => request.payload),
  });
}

/** A device store like the media engine's, with two microphones and two outputs. */
export function fakeDevices(): DeviceChooser & { chosen: [DeviceRole, string][] } {
  const listeners = new Set<() => void>();
  const resolved = (deviceId: string, label: string) => ({ deviceId, label, preferred: null, fallback: false });
  let snapshot: AudioDevicesSnapshot = {
    inputs: [
      { deviceId: 'default', label: 'Default - Built-in microphone', kind: 'audioinput', groupId: 'g1' },
      { deviceId: 'mic-headset', label: 'Jabra headset', kind: 'audioinput', groupId: 'g2' },
    ],
    outputs: [
      { deviceId: 'default', label: 'Default - Speakers', kind: 'audiooutput', groupId: 'g1' },
      { deviceId: 'out-headset', label: 'Jabra headset', kind: 'audiooutput', groupId: 'g2' },
    ],
    microphone: resolved('default', 'Default - Built-in microphone'),
    speaker: resolved('default', 'Default - Speakers'),
    ring: resolved('default', 'Default - Speakers'),
    canChooseOutput: true,
  };
  const chosen: [DeviceRole, string][] = [];
  return {
    chosen,
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    choose(role, deviceId) {
      chosen.push([role, deviceId]);
      const device = [...snapshot.inputs, ...snapshot.outputs].find((d) => d.deviceId === deviceId && (role === 'microphone') === (d.kind === 'audioinput'));
      if (!device) return false;
      snapshot = { ...snapshot, [role]: { deviceId, label: device.label, preferred: { deviceId, label: device.label }, fallback: false } };
      for (const listener of listeners) listener();
      return true;
    },
    refresh: () => Promise.resolve(),
  };
}

/** A `Notification` stand-in that records what the desk showed and closed. */
export function fakeNotifications(permission: NotificationPermission = 'granted') {
  const shown: { title: string; body: string; closed: boolean }[] = [];
  let permissionReads = 0;
  class FakeNotification {
    /** Counted: in Chromium each read is a synchronous call to the browser process. */
    static get permission() {
      permissionReads += 1;
      return permission;
    }
    onclick: (() => void) | null = null;
    readonly record: { title: string; body: string; closed: boolean };
    constructor(title: string, options?: NotificationOptions) {
      this.record = { title, body: options?.body ?? '', closed: false };
      shown.push(this.record);
    }
    close() {
      this.record.closed = true;
    }
  }
  return { shown, Notification: FakeNotification as unknown as typeof Notification, permissionReads: () => permissionReads };
}
