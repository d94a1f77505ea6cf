import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { InertText } from '../../ui/InertText';
import { Region } from '../../ui/Region';
import { CustomerDetails } from './CustomerDetails';
import { CustomerHitList } from './CustomerHitList';
import { ImportExport } from './ImportExport';
import { NewCustomerForm } from './NewCustomerForm';
import '../../styles/customers.css';

/**
 * The Customers area (issue 12 §7), reachable from the desk at any time, call
 * or no call: import and export on top (with their progress in view), then
 * search by name, number or handle, a new customer, and the chosen
 * customer's details with merge.
 */
export function CustomersArea() {
  const { t } = useTranslation();
  const searchId = useId();
  const { search, searchDirectory, select, selected, notice } = useTandemStore(
    useShallow((state) => ({
      search: state.directorySearch,
      searchDirectory: state.searchDirectory,
      select: state.selectDirectoryCustomer,
      selected: state.directoryCustomer,
      notice: state.directoryNotice,
    })),
  );
  return (
    <Region title={t('customers.area')} className="panel-customers">
      <ImportExport />
      <div className="customers-grid">
        <div className="customers-column">
          <form className="context-inline-form" role="search" onSubmit={(event) => event.preventDefault()}>
            <label htmlFor={searchId} className="context-label">
              {t('customers.search')}
            </label>
            <input
              id={searchId}
              type="search"
              value={search.query}
              maxLength={200}
              placeholder={t('customers.searchPlaceholder')}
              onChange={(event) => void searchDirectory(event.target.value)}
            />
          </form>
          {search.hits !== null && (
            <CustomerHitList hits={search.hits} label={t('customers.results')} action={t('customers.open')} onPick={(id) => void select(id)} />
          )}
          <NewCustomerForm />
        </div>
        <div className="customers-column">
          <p role="status" className="customer-tools-muted">
            {notice !== null && <InertText text={t(notice.key, { name: notice.name })} />}
          </p>
          {selected !== null && <CustomerDetails key={selected.customer.id} shown={selected} />}
        </div>
      </div>
    </Region>
  );
}
