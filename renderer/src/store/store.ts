import type { StateCreator, StoreApi } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { TandemApi } from '@tandem/contract';
import type { CustomerRepository } from '../customers/customerRepository';
import type { CallLogStore } from '../softphone/callLog';
import type { SocialStore } from '../social/socialStore';
import { createAppSlice, type AppSlice } from '../desk/appSlice';
import { createCallLogSlice, type CallLogSlice } from '../softphone/callLogSlice';
import { createCallNoteSlice, type CallNoteSlice } from '../context/callNoteSlice';
import { createClaimSlice, type ClaimSlice } from '../social/claimSlice';
import { createComposerSlice, type ComposerSlice } from '../social/composerSlice';
import { createContextSlice, type ContextSlice } from '../context/contextSlice';
import { createControlFocusSlice, type ControlFocusSlice } from '../softphone/controlFocusSlice';
import { createConnectionSlice, type ConnectionSlice } from '../desk/connectionSlice';
import { createCustomerSearchSlice, type CustomerSearchSlice } from '../context/customerSearchSlice';
import { createCustomerDirectorySlice, type CustomerDirectorySlice } from '../customers/customerDirectorySlice';
import { createConversationCustomerSlice, type ConversationCustomerSlice } from '../context/conversationCustomerSlice';
import { createTeamStatusSlice, type TeamStatusSlice } from '../desk/teamStatusSlice';
import { createDevicesSlice, type DeviceChooser, type DevicesSlice } from '../softphone/devicesSlice';
import { createInboxSlice, type InboxSlice } from '../social/inboxSlice';
import { createBulkAssignSlice, type BulkAssignSlice } from '../social/bulkAssignSlice';
import { createListeningSlice, type ListeningSlice } from '../social/listeningSlice';
import { createRegistrationSlice, type RegistrationSlice } from '../softphone/registrationSlice';
import { createSettingsSlice, type SettingsSlice } from '../settings/settingsSlice';
import { createSocialSlice, type SocialSlice } from '../social/socialSlice';
import { createHeldConversationsSlice, type HeldConversationsSlice } from '../social/heldConversationsSlice';
import { createSoftphoneSlice, type SoftphoneSlice } from '../softphone/softphoneSlice';
import { createVerificationSlice, type VerificationSlice } from '../context/verificationSlice';
// Team queue (issue 11, H3).
import { createTeamQueueSlice, type TeamQueueSlice } from '../social/teamQueueSlice';
// team first join
import type { LocalHistory } from '../customers/teamJoin/localHistory';
import type { PopQuiet } from '../customers/popQuiet';
import { createTeamJoinSlice, type TeamJoinSlice } from '../desk/teamJoinSlice';
// supervisor view (issue 16)
import { createSupervisorSlice, type SupervisorSlice } from '../supervisor/supervisorSlice';
import { createSupervisorQueueSlice, type SupervisorQueueSlice } from '../supervisor/supervisorQueueSlice';
import { createVolumeSlice, type VolumeSlice } from '../supervisor/volume/volumeSlice';
import { createDialDirectorySlice, type DialDirectorySlice } from '../customers/dialDirectorySlice';
import { createTeamDirectorySlice, type TeamDirectorySlice } from '../customers/teamDirectorySlice';
// take it offline (issue 15)
import { createOfflineSlice, type OfflineSlice } from '../social/offline/offlineSlice';
import { createCallMessageSlice, type CallMessageSlice } from '../social/offline/callMessageSlice';

/**
 * The renderer's one store, built from slices (zustand's slices pattern).
 * To add one (inbox, customer context…): write `xSlice.ts` exporting its
 * interface and a `SliceCreator`, add it to `TandemState` and spread it in
 * `createTandemStore`. Slices may read each other through `get()`.
 */
export type TandemState = AppSlice &
  ConnectionSlice &
  TeamStatusSlice &
  SettingsSlice &
  SoftphoneSlice &
  ControlFocusSlice &
  RegistrationSlice &
  CallLogSlice &
  DevicesSlice &
  SocialSlice &
  HeldConversationsSlice &
  InboxSlice &
  BulkAssignSlice &
  ListeningSlice &
  ComposerSlice &
  ClaimSlice &
  ContextSlice &
  CallNoteSlice &
  VerificationSlice &
  CustomerSearchSlice &
  // The Customers area and a conversation's customer (issue 12 §7).
  CustomerDirectorySlice &
  ConversationCustomerSlice &
  // Team queue (issue 11, H3).
  TeamQueueSlice &
  // team first join
  TeamJoinSlice &
  SupervisorSlice &
  SupervisorQueueSlice &
  VolumeSlice &
  // dial completions (issue 12)
  DialDirectorySlice &
  TeamDirectorySlice &
  // take it offline (issue 15)
  OfflineSlice &
  CallMessageSlice;

export type TandemStore = StoreApi<TandemState>;

/** What slices get injected instead of reaching for globals, so tests can hand in a fake. */
export interface StoreDeps {
  /** `undefined` when the page has no bridge: actions then report a problem. */
  readonly api: TandemApi | undefined;
  /** The call log in Dexie; without one, ended calls are simply not kept. */
  readonly callLog?: CallLogStore;
  /** The media engine's audio devices; without one, the audio settings are empty. */
  readonly devices?: DeviceChooser;
  /** The social desk's tables in Dexie; without them the inbox only shows what arrives live. */
  readonly social?: SocialStore;
  /** The customer history in Dexie; without it the caller context panel can only say who is calling. */
  readonly customers?: CustomerRepository;
  /** The clock (tests pin it); default `Date.now`. */
  readonly now?: () => number;
  /** Resolves once what the store just changed has painted (dom/afterNextPaint); default: a macrotask. */
  readonly afterPaint?: () => Promise<void>;
  /** Held by the screen pop from ring to paint; the team's rows wait for it (customers/popQuiet.ts). */
  readonly popQuiet?: PopQuiet;
  // --- team first join ---
  /** The desk's own history in Dexie, as the first join moves it into a team; without it nothing is offered. */
  readonly localHistory?: LocalHistory;
}

export type SliceCreator<Slice> = (deps: StoreDeps) => StateCreator<TandemState, [], [], Slice>;

export function createTandemStore(deps: StoreDeps): TandemStore {
  return createStore<TandemState>()((...args) => ({
    ...createAppSlice(deps)(...args),
    ...createConnectionSlice(deps)(...args),
    ...createTeamStatusSlice(deps)(...args),
    ...createSettingsSlice(deps)(...args),
    ...createSoftphoneSlice(deps)(...args),
    ...createControlFocusSlice(deps)(...args),
    ...createRegistrationSlice(deps)(...args),
    ...createCallLogSlice(deps)(...args),
    ...createDevicesSlice(deps)(...args),
    ...createSocialSlice(deps)(...args),
    ...createHeldConversationsSlice(deps)(...args),
    ...createInboxSlice(deps)(...args),
    ...createBulkAssignSlice(deps)(...args),
    ...createListeningSlice(deps)(...args),
    ...createComposerSlice(deps)(...args),
    ...createClaimSlice(deps)(...args),
    ...createContextSlice(deps)(...args),
    ...createCallNoteSlice(deps)(...args),
    ...createVerificationSlice(deps)(...args),
    ...createCustomerSearchSlice(deps)(...args),
    ...createCustomerDirectorySlice(deps)(...args),
    ...createConversationCustomerSlice(deps)(...args),
    // Team queue (issue 11, H3).
    ...createTeamQueueSlice(deps)(...args),
    // team first join
    ...createTeamJoinSlice(deps)(...args),
    ...createSupervisorSlice(deps)(...args),
    ...createSupervisorQueueSlice(deps)(...args),
    ...createVolumeSlice(deps)(...args),
    // take it offline (issue 15)
    ...createOfflineSlice(deps)(...args),
    ...createCallMessageSlice(deps)(...args),
    // dial completions (issue 12)
    ...createDialDirectorySlice(deps)(...args),
    ...createTeamDirectorySlice(deps)(...args),
  }));
}
