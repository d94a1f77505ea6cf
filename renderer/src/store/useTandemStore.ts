import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { TandemState, TandemStore } from './store';

/** The store is handed down rather than imported, so every test gets its own. */
export const StoreContext = createContext<TandemStore | null>(null);

/** Reads one narrow piece of the store; wrap the selector in `useShallow` when picking several. */
export function useTandemStore<T>(selector: (state: TandemState) => T): T {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('useTandemStore needs a StoreContext provider');
  return useStore(store, selector);
}
