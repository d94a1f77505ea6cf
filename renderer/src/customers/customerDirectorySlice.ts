import type { TeamRowChange } from '@tandem/contract';
import type { CustomerSearchHit } from './customerRecords';
import { checkCustomerForm, checkIdentityField, type CustomerFormError, type CustomerFormField, type CustomerFormInput } from './customerForm';
import type { Customer, Identity } from './model';
import { mergedInto, rowsTouchCustomer } from './teamRowsTouch';
import { defaultRegionOf } from '../settings/settingsSelectors';
import type { SliceCreator } from '../store/store';

/** Hits shown in the Customers area; the indexes answer a prefix in one bounded read each. */
export const DIRECTORY_LIMIT = 25;

/** The customer the area shows for editing and merging. */
export interface DirectoryCustomer {
  readonly customer: Customer;
  readonly identities: readonly Identity[];
}

/** What the area last did, said once in its status line (never a dialog). */
export type DirectoryNotice =
  | { readonly key: 'customers.notice.created' | 'customers.notice.saved' | 'customers.notice.merged'; readonly name: string }
  | { readonly key: 'customers.notice.failed' | 'customers.notice.gone'; readonly name: '' };

export interface DirectorySearch {
  readonly query: string;
  /** Null before the first search (or while the box is empty). */
  readonly hits: readonly CustomerSearchHit[] | null;
}

export interface CustomerDirectorySlice {
  directorySearch: DirectorySearch;
  /** The merge box's own search, beside the customer being edited. */
  mergeSearch: DirectorySearch;
  directoryCustomer: DirectoryCustomer | null;
  directoryNotice: DirectoryNotice | null;
  readonly searchDirectory: (query: string) => Promise<void>;
  readonly searchMergeCandidates: (query: string) => Promise<void>;
  readonly selectDirectoryCustomer: (customerId: string | null) => Promise<void>;
  /** Field errors when the form does not validate (nothing is stored); else the new customer is selected. */
  readonly createDirectoryCustomer: (input: CustomerFormInput) => Promise<Partial<Record<CustomerFormField, CustomerFormError>>>;
  readonly renameDirectoryCustomer: (name: string) => Promise<CustomerFormError | null>;
  readonly addDirectoryIdentity: (kind: 'phone' | 'bluesky', text: string) => Promise<CustomerFormError | null>;
  readonly removeDirectoryIdentity: (identityId: string) => Promise<void>;
  /** `mergedId`'s identities, calls and notes move to the selected customer, and `mergedId` is deleted. */
  readonly mergeIntoDirectoryCustomer: (mergedId: string) => Promise<boolean>;
  /**
   * Team mode: a colleague's rows are now in the cache. The open area shows them without the agent
   * typing again: its searches are re-read, and so is the selected customer — or, when a desk of the
   * team merged her away, the customer she was merged into, saying so.
   */
  readonly directoryRowsApplied: (rows: readonly TeamRowChange[]) => Promise<void>;
}

const EMPTY_SEARCH: DirectorySearch = { query: '', hits: null };

/**
 * The Customers area (issue 12 §7): customers outside any call. Search uses
 * the repository's prefix indexes (name, `[kind+value]`), never a scan;
 * every write goes through the repository (and, on a team desk, its team
 * writes: teamWrites.ts), then the selected customer is read again so the
 * area shows what is stored, not what was typed.
 */
export const createCustomerDirectorySlice: SliceCreator<CustomerDirectorySlice> = (deps) => (set, get) => {
  const repo = deps.customers;
  const failed: DirectoryNotice = { key: 'customers.notice.failed', name: '' };

  const read = async (customerId: string): Promise<DirectoryCustomer | null> => {
    if (!repo) return null;
    const [customer, identities] = await Promise.all([repo.getCustomer(customerId), repo.identities(customerId)]);
    return customer === undefined ? null : { customer, identities };
  };

  /** Re-reads the selected customer; a search that showed them shows their new name, and so does the context column. */
  const refresh = async (customerId: string) => {
    const shown = await read(customerId);
    set({ directoryCustomer: shown });
    if (get().customerContext?.customer.id === customerId) await get().reloadContext();
    const { query } = get().directorySearch;
    if (query.trim() !== '') await get().searchDirectory(query);
    return shown;
  };

  const search = async (query: string, key: 'directorySearch' | 'mergeSearch') => {
    const put = (value: DirectorySearch) => set(key === 'directorySearch' ? { directorySearch: value } : { mergeSearch: value });
    put({ query, hits: query.trim() === '' ? null : get()[key].hits });
    if (!repo || query.trim() === '') return;
    try {
      const hits = await repo.search(query, defaultRegionOf(get()), DIRECTORY_LIMIT);
      // A slower answer for text the agent has since changed is dropped.
      if (get()[key].query === query) put({ query, hits });
    } catch {
      set({ directoryNotice: failed });
    }
  };

  const guarded = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch {
      set({ directoryNotice: failed });
      return undefined;
    }
  };

  /** The selected customer after a colleague's rows: the one she was merged into, or herself re-read. */
  const followSelected = async (rows: readonly TeamRowChange[]) => {
    const shown = get().directoryCustomer;
    if (shown === null) return;
    const keptId = mergedInto(rows, shown.customer.id);
    if (keptId !== null) {
      await get().selectDirectoryCustomer(keptId);
      const kept = get().directoryCustomer;
      if (kept?.customer.id === keptId) set({ directoryNotice: { key: 'customers.notice.merged', name: kept.customer.name } });
      return;
    }
    if (!rowsTouchCustomer(rows, shown.customer.id)) return;
    const again = await guarded(() => read(shown.customer.id));
    // The agent may have picked someone else meanwhile.
    if (again === undefined || get().directoryCustomer?.customer.id !== shown.customer.id) return;
    set(again === null ? { directoryCustomer: null, directoryNotice: { key: 'customers.notice.gone', name: '' } } : { directoryCustomer: again });
  };

  return {
    directorySearch: EMPTY_SEARCH,
    mergeSearch: EMPTY_SEARCH,
    directoryCustomer: null,
    directoryNotice: null,

    searchDirectory: (query) => search(query, 'directorySearch'),
    searchMergeCandidates: (query) => search(query, 'mergeSearch'),

    async selectDirectoryCustomer(customerId) {
      set({ mergeSearch: EMPTY_SEARCH, directoryNotice: null });
      if (customerId === null) return set({ directoryCustomer: null });
      const shown = await guarded(() => read(customerId));
      if (shown !== undefined) set({ directoryCustomer: shown, directoryNotice: shown === null ? { key: 'customers.notice.gone', name: '' } : null });
    },

    async createDirectoryCustomer(input) {
      const checked = checkCustomerForm(input, defaultRegionOf(get()));
      if (!checked.ok) return checked.errors;
      if (!repo) return {};
      const { name, phone, handle } = checked.values;
      const identities = [
        ...(phone === null ? [] : [{ kind: 'phone' as const, value: phone }]),
        ...(handle === null ? [] : [{ kind: 'bluesky' as const, value: handle }]),
      ];
      const created = await guarded(() => repo.createCustomer({ name, identities }, defaultRegionOf(get())));
      if (created === undefined) return {};
      set({ directoryCustomer: { customer: created.customer, identities: created.identities }, mergeSearch: EMPTY_SEARCH });
      set({ directoryNotice: { key: 'customers.notice.created', name: created.customer.name } });
      return {};
    },

    async renameDirectoryCustomer(name) {
      const shown = get().directoryCustomer;
      if (!repo || shown === null) return null;
      if (name.trim() === '') return 'customers.form.nameRequired';
      const renamed = await guarded(() => repo.renameCustomer(shown.customer.id, name));
      if (renamed === undefined) return null;
      await guarded(() => refresh(shown.customer.id));
      if (renamed !== null) set({ directoryNotice: { key: 'customers.notice.saved', name: renamed.name } });
      return null;
    },

    async addDirectoryIdentity(kind, text) {
      const shown = get().directoryCustomer;
      if (!repo || shown === null) return null;
      const checked = checkIdentityField(kind, text, defaultRegionOf(get()));
      if (!checked.ok) return checked.error;
      const added = await guarded(() => repo.addIdentity(shown.customer.id, kind, checked.value, defaultRegionOf(get())));
      if (added === undefined) return null;
      await guarded(() => refresh(shown.customer.id));
      return added.ok ? null : kind === 'phone' ? 'customers.form.badPhone' : 'customers.form.badHandle';
    },

    async removeDirectoryIdentity(identityId) {
      const shown = get().directoryCustomer;
      if (!repo || shown === null) return;
      await guarded(() => repo.unlinkIdentity(identityId));
      await guarded(() => refresh(shown.customer.id));
    },

    async mergeIntoDirectoryCustomer(mergedId) {
      const shown = get().directoryCustomer;
      if (!repo || shown === null || mergedId === shown.customer.id) return false;
      const plan = await guarded(() => repo.mergeCustomers(shown.customer.id, mergedId));
      if (plan === undefined) return false;
      if (plan === null) {
        set({ directoryNotice: { key: 'customers.notice.gone', name: '' } });
        return false;
      }
      set({ mergeSearch: EMPTY_SEARCH });
      await guarded(() => refresh(shown.customer.id));
      set({ directoryNotice: { key: 'customers.notice.merged', name: plan.kept.name } });
      // The panel may be showing either of them: it reads the one that is left.
      const panel = get().customerContext?.customer.id;
      if (panel === mergedId || panel === shown.customer.id) await get().openCustomer(shown.customer.id);
      return true;
    },

    async directoryRowsApplied(rows) {
      await followSelected(rows);
      // A hit is a customer's name or one of her numbers and handles: notes and calls change none.
      if (!rows.some((change) => change.table === 'customers' || change.table === 'identities')) return;
      const { directorySearch, mergeSearch } = get();
      await Promise.all([
        directorySearch.query.trim() === '' ? undefined : search(directorySearch.query, 'directorySearch'),
        mergeSearch.query.trim() === '' ? undefined : search(mergeSearch.query, 'mergeSearch'),
      ]);
    },
  };
};
