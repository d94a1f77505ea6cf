import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { Identity } from '../../customers/model';
import { useTandemStore } from '../../store/useTandemStore';
import { InertText } from '../../ui/InertText';
import { ClampedText } from './ContextText';
import { ContextSection } from './IdentitySection';

/**
 * For a caller nobody knows yet: find the customer by name, number or handle
 * and link the caller to them, or create a new customer with this caller's
 * number. A link made here is a phone/SIP link, never a verified social one.
 */
export function CustomerFinder() {
  const { t } = useTranslation();
  const searchId = useId();
  const nameId = useId();
  const [name, setName] = useState('');
  const { search, searchCustomers, linkCallerToCustomer, createCustomerForCaller } = useTandemStore(
    useShallow((state) => ({
      search: state.customerSearch,
      searchCustomers: state.searchCustomers,
      linkCallerToCustomer: state.linkCallerToCustomer,
      createCustomerForCaller: state.createCustomerForCaller,
    })),
  );
  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() !== '' && (await createCustomerForCaller(name))) setName('');
  };
  return (
    <ContextSection title={t('customers.findTitle')} className="context-finder">
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
          onChange={(event) => void searchCustomers(event.target.value)}
        />
      </form>
      {search.hits !== null &&
        (search.hits.length === 0 ? (
          <p className="context-muted">{t('customers.noMatches')}</p>
        ) : (
          <ul className="context-list" aria-label={t('customers.results')}>
            {search.hits.map(({ customer, identity }) => (
              <li key={customer.id} className="context-hit">
                <ClampedText text={customer.name} lines={1} className="context-hit-name" />
                {identity !== null && <MatchedIdentity identity={identity} />}
                <button type="button" className="button button-small" onClick={() => void linkCallerToCustomer(customer.id)}>
                  {t('customers.link')}
                </button>
              </li>
            ))}
          </ul>
        ))}
      <form className="context-inline-form" onSubmit={(event) => void create(event)}>
        <label htmlFor={nameId} className="context-label">
          {t('customers.newName')}
        </label>
        <input id={nameId} value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />
        <button type="submit" className="button button-small">
          {t('customers.create')}
        </button>
      </form>
    </ContextSection>
  );
}

function MatchedIdentity({ identity }: { readonly identity: Identity }) {
  const { t } = useTranslation();
  return (
    <span className="context-muted">
      {' · '}
      {t(`identity.kind.${identity.kind}`)} <InertText text={identity.value} />
      {identity.kind === 'bluesky' && !identity.verified && ` (${t('identity.unverified')})`}
    </span>
  );
}
