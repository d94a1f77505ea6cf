import type { ListeningRule } from '@tandem/contract';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from '../store/store';

export interface ListeningSlice {
  /** As main last confirmed them. */
  listeningRules: readonly ListeningRule[];
  /** Replaces the whole rule set in main; true when main accepted it. */
  readonly saveListeningRules: (rules: readonly ListeningRule[]) => Promise<boolean>;
}

export const createListeningSlice: SliceCreator<ListeningSlice> = (deps) => (set, get) => ({
  listeningRules: [],
  async saveListeningRules(rules) {
    const result = await callTandem(deps.api, (api) => api.setListeningRules({ rules: [...rules] }));
    if (!result.ok) {
      get().reportSocialProblem('rules', result.error);
      return false;
    }
    set({ listeningRules: result.value });
    return true;
  },
});
