import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectoryCustomer } from '../customerDirectorySlice';
import type { CustomerFormError } from '../customerForm';
import { linkStatus, type Identity } from '../model';
import { useTandemStore } from '../../store/useTandemStore';
import { InertText } from '../../ui/InertText';
import { isolatedLtr } from '../../ui/safeText';
import { MergeCustomers } from './MergeCustomers';
import { FormField } from './NewCustomerForm';

/** The chosen customer: rename, numbers and handles (added checked, removed), show in the context column, merge a duplicate in. */
export function CustomerDetails({ shown }: { readonly shown: DirectoryCustomer }) {
  const { t } = useTranslation();
  const headingId = useId();
  const listId = useId();
  const rename = useTandemStore((state) => state.renameDirectoryCustomer);
  const openCustomer = useTandemStore((state) => state.openCustomer);
  const close = useTandemStore((state) => state.selectDirectoryCustomer);
  const [name, setName] = useState(shown.customer.name);
  const [nameError, setNameError] = useState<CustomerFormError | null>(null);
  const saveName = async (event: FormEvent) => {
    event.preventDefault();
    setNameError(await rename(name));
  };
  return (
    <section className="customers-details" aria-labelledby={headingId}>
      <h3 id={headingId} className="customer-tools-title">
        {t('customers.edit.title')}
      </h3>
      <form className="customers-fields" noValidate onSubmit={(event) => void saveName(event)}>
        <FormField label={t('customers.form.name')} value={name} dir="auto" type="text" error={nameError === null ? null : t(nameError)} onChange={setName} />
        <button type="submit" className="button button-small">
          {t('customers.edit.rename')}
        </button>
      </form>
      <h4 id={listId} className="customer-tools-subtitle">
        {t('customers.edit.identities')}
      </h4>
      {shown.identities.length === 0 ? (
        <p className="customer-tools-muted">{t('customers.edit.none')}</p>
      ) : (
        <ul className="customers-hits" aria-labelledby={listId}>
          {shown.identities.map((identity) => (
            <IdentityRow key={identity.id} identity={identity} />
          ))}
        </ul>
      )}
      <AddIdentity kind="phone" />
      <AddIdentity kind="bluesky" />
      <div className="customer-io-actions">
        <button type="button" className="button button-small" onClick={() => void openCustomer(shown.customer.id)}>
          {t('customers.edit.show')}
        </button>
        <button type="button" className="button button-quiet button-small" onClick={() => void close(null)}>
          {t('customers.edit.close')}
        </button>
      </div>
      <MergeCustomers kept={shown} />
    </section>
  );
}

function IdentityRow({ identity }: { readonly identity: Identity }) {
  const { t } = useTranslation();
  const remove = useTandemStore((state) => state.removeDirectoryIdentity);
  const ltr = identity.kind === 'phone' || identity.kind === 'sip';
  const status = linkStatus(identity);
  return (
    <li className="customers-hit">
      <span>
        {t(`identity.kind.${identity.kind}`)} <InertText text={identity.value} dir={ltr ? 'ltr' : 'auto'} />
        {status === 'verified' ? ` · ${t('identity.verified')}` : ` (${t('identity.unverified')})`}
      </span>
      <button type="button" className="button button-quiet button-small" onClick={() => void remove(identity.id)}>
        {t('customers.edit.remove', { value: ltr ? isolatedLtr(identity.value) : identity.value })}
      </button>
    </li>
  );
}

function AddIdentity({ kind }: { readonly kind: 'phone' | 'bluesky' }) {
  const { t } = useTranslation();
  const add = useTandemStore((state) => state.addDirectoryIdentity);
  const [text, setText] = useState('');
  const [error, setError] = useState<CustomerFormError | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = await add(kind, text);
    setError(found);
    if (found === null) setText('');
  };
  return (
    <form className="customers-fields" noValidate onSubmit={(event) => void submit(event)}>
      <FormField
        label={t(kind === 'phone' ? 'customers.form.phone' : 'customers.form.handle')}
        value={text}
        dir="ltr"
        type={kind === 'phone' ? 'tel' : 'text'}
        error={error === null ? null : t(error)}
        onChange={setText}
      />
      <button type="submit" className="button button-small">
        {t(kind === 'phone' ? 'customers.edit.addPhone' : 'customers.edit.addHandle')}
      </button>
    </form>
  );
}
