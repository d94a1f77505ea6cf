import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectoryCustomer } from '../customerDirectorySlice';
import type { Customer } from '../model';
import { useTandemStore } from '../../store/useTandemStore';
import { InertText } from '../../ui/InertText';
import { CustomerHitList } from './CustomerHitList';

/**
 * Merging a duplicate into the customer shown: find it, say which, confirm.
 * The shown customer is the one kept (its id and name); the duplicate's
 * identities, calls and notes move to it and the duplicate is deleted
 * (customerMerge.ts). On a team desk the merge also goes to the team
 * (teamWrites.ts), whose database moves every agent's rows.
 */
export function MergeCustomers({ kept }: { readonly kept: DirectoryCustomer }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="customers-merge" aria-labelledby={headingId}>
      <h4 id={headingId} className="customer-tools-subtitle">
        {t('customers.merge.title')}
      </h4>
      <MergeSearch kept={kept} />
    </section>
  );
}

/** Find the duplicate, pick it, confirm. */
function MergeSearch({ kept }: { readonly kept: DirectoryCustomer }) {
  const { t } = useTranslation();
  const headingId = useId();
  const searchId = useId();
  const search = useTandemStore((state) => state.mergeSearch);
  const searchMerge = useTandemStore((state) => state.searchMergeCandidates);
  const merge = useTandemStore((state) => state.mergeIntoDirectoryCustomer);
  const [chosen, setChosen] = useState<Customer | null>(null);
  const hits = search.hits?.filter((hit) => hit.customer.id !== kept.customer.id) ?? null;
  const pick = (customerId: string) => setChosen(hits?.find((hit) => hit.customer.id === customerId)?.customer ?? null);
  const confirm = async (merged: Customer) => {
    await merge(merged.id);
    setChosen(null);
  };
  return (
    <>
      <form className="context-inline-form" role="search" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={searchId} className="context-label">
          {t('customers.merge.search')}
        </label>
        <input id={searchId} type="search" value={search.query} maxLength={200} onChange={(event) => void searchMerge(event.target.value)} />
      </form>
      {hits !== null && chosen === null && <CustomerHitList hits={hits} label={t('customers.results')} action={t('customers.merge.yes')} onPick={pick} />}
      {chosen !== null && (
        <div className="customers-confirm" role="group" aria-labelledby={`${headingId}-confirm`}>
          <p id={`${headingId}-confirm`}>
            <InertText text={t('customers.merge.confirm', { merged: chosen.name, kept: kept.customer.name })} />
          </p>
          <div className="customer-io-actions">
            <button type="button" className="button button-small" onClick={() => void confirm(chosen)}>
              {t('customers.merge.yes')}
            </button>
            <button type="button" className="button button-quiet button-small" onClick={() => setChosen(null)}>
              {t('customers.merge.cancel')}
            </button>
          </div>
        </div>
      )}
    </>
  );
}
