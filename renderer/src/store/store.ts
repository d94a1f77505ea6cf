import type { StateCreator, StoreApi } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { TandemApi } from '../../../preload/contract';
import type { CallLogStore } from '../data/callLog';
import { createAppSlice, type AppSlice } from './appSlice';
import { createCallLogSlice, type CallLogSlice } from './callLogSlice';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';
import { createDevicesSlice, type DeviceChooser, type DevicesSlice } from './devicesSlice';
import { createRegistrationSlice, type RegistrationSlice } from './registrationSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createSoftphoneSlice, type SoftphoneSlice } from './softphoneSlice';

/**
 * The renderer's one store, built from slices (zustand's slices pattern).
 * To add one (inbox, customer context…): write `xSlice.ts` exporting its
 * interface and a `SliceCreator`, add it to `TandemState` and spread it in
 * `createTandemStore`. Slices may read each other through `get()`.
 */
export type TandemState = AppSlice &
  ConnectionSlice &
  SettingsSlice &
  SoftphoneSlice &
  RegistrationSlice &
  CallLogSlice &
  DevicesSlice;

export type TandemStore = StoreApi<TandemState>;

/** What slices get injected instead of reaching for globals, so tests can hand in a fake. */
export interface StoreDeps {
  /** `undefined` when the page has no bridge: actions then report a problem. */
  readonly api: TandemApi | undefined;
  /** The call log in Dexie; without one, ended calls are simply not kept. */
  readonly callLog?: CallLogStore;
  /** The media engine's audio devices; without one, the audio settings are empty. */
  readonly devices?: DeviceChooser;
}

export type SliceCreator<Slice> = (deps: StoreDeps) => StateCreator<TandemState, [], [], Slice>;

export function createTandemStore(deps: StoreDeps): TandemStore {
  return createStore<TandemState>()((...args) => ({
    ...createAppSlice(deps)(...args),
    ...createConnectionSlice(deps)(...args),
    ...createSettingsSlice(deps)(...args),
    ...createSoftphoneSlice(deps)(...args),
    ...createRegistrationSlice(deps)(...args),
    ...createCallLogSlice(deps)(...args),
    ...createDevicesSlice(deps)(...args),
  }));
}
