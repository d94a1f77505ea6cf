import type { CustomerSearchHit } from '../customers/customerRecords';
import { contextProblemReporter } from './contextProblem';
import { defaultRegionOf } from '../settings/settingsSelectors';
import type { SliceCreator } from '../store/store';

/** Results shown for an unknown caller's search. */
export const SEARCH_LIMIT = 20;

export interface CustomerSearchState {
  readonly query: string;
  /** Null before the first search (or while the box is empty). */
  readonly hits: readonly CustomerSearchHit[] | null;
}

/** The box as a new pop or a closed panel leaves it. */
export const NO_SEARCH: CustomerSearchState = { query: '', hits: null };

/** The panel's customer search (an unknown caller, a pick): the hits always answer the box's latest text. */
export interface CustomerSearchSlice {
  customerSearch: CustomerSearchState;
  readonly searchCustomers: (query: string) => Promise<void>;
}

export const createCustomerSearchSlice: SliceCreator<CustomerSearchSlice> = (deps) => (set, get) => {
  const { guarded } = contextProblemReporter(set);
  return {
    customerSearch: NO_SEARCH,

    async searchCustomers(query) {
      const repo = deps.customers;
      // The box shows what was typed at once; the previous hits stay until the new ones arrive.
      set({ customerSearch: { query, hits: query.trim() === '' ? null : get().customerSearch.hits } });
      if (!repo || query.trim() === '') return;
      const hits = await guarded('search', () => repo.search(query, defaultRegionOf(get()), SEARCH_LIMIT));
      // A slower answer for text the agent has since changed is dropped.
      if (hits === undefined || get().customerSearch.query !== query) return;
      set({ customerSearch: { query, hits } });
    },
  };
};
