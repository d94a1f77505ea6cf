import type { AppInfo, ContractError } from '../../../preload/contract';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from './store';

/** Everything the desk asks of main; each has its own translated failure text (`problems.*`). */
export type Operation =
  | 'connect'
  | 'loadSettings'
  | 'loadAppInfo'
  | 'takePendingDial'
  | 'setLanguage'
  | 'setTheme'
  | 'loadConnection'
  | 'loadSoftphone'
  | 'loadCallLog';

/** A failed call, kept as data (never as markup) until the agent dismisses it or a retry succeeds. */
export interface Problem {
  readonly operation: Operation;
  readonly error: ContractError;
}

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
    if (result.ok) set({ appInfo: result.value });
    else get().reportProblem('loadAppInfo', result.error);
  },
  reportProblem(operation, error) {
    set((state) => ({ problems: [...state.problems.filter((p) => p.operation !== operation), { operation, error }] }));
  },
  dismissProblem(operation) {
    if (!get().problems.some((p) => p.operation === operation)) return;
    set((state) => ({ problems: state.problems.filter((p) => p.operation !== operation) }));
  },
});
