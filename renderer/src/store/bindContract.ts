import type { TandemApi, Unsubscribe } from '../../../preload/contract';
import { NO_BRIDGE } from '../tandemClient';
import type { TandemStore } from './store';

/**
 * Connects the store to main from outside React: contract events land in the
 * store as they arrive, then the startup reads run. Subscribing first means
 * nothing main says during startup is lost.
 */
export function bindContract(store: TandemStore, api: TandemApi | undefined): Unsubscribe {
  const state = store.getState();
  if (!api) {
    state.reportProblem('connect', NO_BRIDGE);
    return () => {};
  }
  const unsubscribes = [
    api.on('settings:changed', (settings) => store.getState().settingsChanged(settings)),
    api.on('connection:state', ({ state: connection }) => store.getState().connectionChanged(connection)),
    api.on('dial:requested', ({ target }) => store.getState().dialRequested(target)),
  ];
  void state.loadSettings();
  void state.loadAppInfo();
  void state.takePendingDial();
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
