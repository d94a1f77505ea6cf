import type { AppInfo, AppNotice, ContractError } from '@tandem/contract';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from '../store/store';

/** Everything the desk asks of main; each has its own translated failure text (`problems.*`). */
export type Operation =
  | 'connect'
  | 'loadSettings'
  | 'loadAppInfo'
  | 'takePendingDial'
  | 'setLanguage'
  | 'setTheme'
  | 'setSocialColumn'
  | 'loadConnection'
  | 'loadTeamStatus'
  | 'loadSoftphone'
  | 'loadCallLog'
  /** Not a failed call: main said it cannot keep passwords on this computer (AppInfo `notices`). */
  | 'keepSecrets';

/** A failed call, kept as data (never as markup) until the agent dismisses it or a retry succeeds. */
export interface Problem {
  readonly operation: Operation;
  readonly error: ContractError;
}

/**
 * Each notice from main, shown the way a failure is: what it means for the
 * agent (`problems.*`) and why (`errors.*`), both our own texts.
 */
const NOTICE_PROBLEMS: Record<AppNotice, { readonly operation: Operation; readonly error: ContractError }> = {
  'secrets-not-saved': { operation: 'keepSecrets', error: { code: 'unavailable', messageKey: 'errors.secretsNotSaved' } },
};

export interface AppSlice {
  appInfo: AppInfo | null;
  /** At most one per operation, newest last. */
  problems: readonly Problem[];
  readonly loadAppInfo: () => Promise<void>;
  readonly reportProblem: (operation: Operation, error: ContractError) => void;
  readonly dismissProblem: (operation: Operation) => void;
}

export const createAppSlice: SliceCreator<AppSlice> = (deps) => (set, get) => ({
  appInfo: null,
  problems: [],
  async loadAppInfo() {
    const result = await callTandem(deps.api, (api) => api.getAppInfo({}));
    if (!result.ok) {
      get().reportProblem('loadAppInfo', result.error);
      return;
    }
    set({ appInfo: result.value });
    for (const notice of result.value.notices) {
      // A notice this desk does not know (a newer main) is skipped rather than shown untranslated.
      const problem = Object.hasOwn(NOTICE_PROBLEMS, notice) ? NOTICE_PROBLEMS[notice] : undefined;
      if (problem !== undefined) get().reportProblem(problem.operation, problem.error);
    }
  },
  reportProblem(operation, error) {
    set((state) => ({ problems: [...state.problems.filter((p) => p.operation !== operation), { operation, error }] }));
  },
  dismissProblem(operation) {
    if (!get().problems.some((p) => p.operation === operation)) return;
    set((state) => ({ problems: state.problems.filter((p) => p.operation !== operation) }));
  },
});
