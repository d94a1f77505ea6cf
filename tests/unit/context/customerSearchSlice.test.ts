import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CustomerSearchHit } from '../../../renderer/src/customers/customerRecords';
import type { TandemDb } from '../../../renderer/src/data/db';
import { SEARCH_LIMIT } from '../../../renderer/src/context/customerSearchSlice';
import { contextStore, REGION } from './contextFakes';

let opened: TandemDb | undefined;
afterEach(() => opened?.close());

/** Dario and Daria in the history: "dar" finds both, "dario" one. */
async function twoCustomers() {
  const desk = contextStore();
  opened = desk.db;
  await desk.repo.createCustomer({ name: 'Dario Rossi', identities: [{ kind: 'email', value: 'dario@example.com' }] }, REGION);
  await desk.repo.createCustomer({ name: 'Daria Novak', identities: [] }, REGION);
  return desk;
}

const names = (hits: readonly CustomerSearchHit[] | null | undefined) => hits?.map((hit) => hit.customer.name).sort();

describe('the customer search', () => {
  it('finds customers for the box’s text, asking for at most the limit shown', async () => {
    const { store, repo } = await twoCustomers();
    const search = vi.spyOn(repo, 'search');

    await store.getState().searchCustomers('dar');

    expect(store.getState().customerSearch.query).toBe('dar');
    expect(names(store.getState().customerSearch.hits)).toEqual(['Daria Novak', 'Dario Rossi']);
    expect(search).toHaveBeenCalledWith('dar', 'ZZ', SEARCH_LIMIT);
  });

  it('an emptied box clears the hits without a search', async () => {
    const { store, repo } = await twoCustomers();
    await store.getState().searchCustomers('dar');
    const search = vi.spyOn(repo, 'search');

    await store.getState().searchCustomers('   ');

    expect(store.getState().customerSearch).toEqual({ query: '   ', hits: null });
    expect(search).not.toHaveBeenCalled();
  });

  it('a slow answer for text the agent has since changed is dropped', async () => {
    const { store, repo } = await twoCustomers();
    let answerOld: (hits: CustomerSearchHit[]) => void = () => {};
    const real = repo.search.bind(repo);
    vi.spyOn(repo, 'search').mockImplementationOnce(() => new Promise((resolve) => (answerOld = resolve)));

    const slow = store.getState().searchCustomers('dar');
    await store.getState().searchCustomers('dario');
    answerOld(await real('dar', REGION));
    await slow;

    expect(store.getState().customerSearch.query).toBe('dario');
    expect(names(store.getState().customerSearch.hits)).toEqual(['Dario Rossi']);
  });

  it('while a new search runs the previous hits stay; a failed one keeps them and tells the agent', async () => {
    const { store, repo } = await twoCustomers();
    await store.getState().searchCustomers('dar');
    vi.spyOn(repo, 'search').mockRejectedValueOnce(new Error('IndexedDB blocked'));

    await store.getState().searchCustomers('dari');

    expect(store.getState().customerSearch.query).toBe('dari');
    expect(names(store.getState().customerSearch.hits)).toEqual(['Daria Novak', 'Dario Rossi']);
    expect(store.getState().contextProblem).toEqual({ operation: 'search', error: { code: 'internal', messageKey: 'errors.internal' } });
  });
});
