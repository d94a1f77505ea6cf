import type { ContractError, RegistrationStatus } from '@tandem/contract';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from '../store/store';

export interface RegistrationSlice {
  /** The SIP registration as main last reported it; null until the first snapshot or event. */
  registration: RegistrationStatus | null;
  /** Why the last register/unregister the agent asked for failed (shown next to the status). */
  registrationError: ContractError | null;
  readonly registrationChanged: (status: RegistrationStatus) => void;
  readonly register: () => Promise<void>;
  readonly unregister: () => Promise<void>;
}

export const createRegistrationSlice: SliceCreator<RegistrationSlice> = (deps) => (set) => ({
  registration: null,
  registrationError: null,
  registrationChanged(registration) {
    set({ registration });
  },
  async register() {
    set({ registrationError: null });
    const result = await callTandem(deps.api, (api) => api.register({}));
    // Success needs no action: the state itself arrives as `softphone:registration` events.
    if (!result.ok) set({ registrationError: result.error });
  },
  async unregister() {
    set({ registrationError: null });
    const result = await callTandem(deps.api, (api) => api.unregister({}));
    if (!result.ok) set({ registrationError: result.error });
  },
});
