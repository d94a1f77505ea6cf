import type { StateCreator, StoreApi } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { TandemApi } from '../../../preload/contract';
import { createAppSlice, type AppSlice } from './appSlice';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createSoftphoneSlice, type SoftphoneSlice } from './softphoneSlice';

/**
 * The renderer's one store, built from slices (zustand's slices pattern).
 * To add one (inbox, customer context…): write `xSlice.ts` exporting its
 * interface and a `SliceCreator`, add it to `TandemState` and spread it in
 * `createTandemStore`. Slices may read each other through `get()`.
 */
export type TandemState = AppSlice & ConnectionSlice & SettingsSlice & SoftphoneSlice;

export type TandemStore = StoreApi<TandemState>;

/** What slices get injected instead of reaching for globals, so tests can hand in a fake. */
export interface StoreDeps {
  /** `undefined` when the page has no bridge: actions then report a problem. */
  readonly api: TandemApi | undefined;
}

export type SliceCreator<Slice> = (deps: StoreDeps) => StateCreator<TandemState, [], [], Slice>;

export function createTandemStore(deps: StoreDeps): TandemStore {
  return createStore<TandemState>()((...args) => ({
    ...createAppSlice(deps)(...args),
    ...createConnectionSlice(deps)(...args),
    ...createSettingsSlice(deps)(...args),
    ...createSoftphoneSlice(deps)(...args),
  }));
}
