import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerFormError, CustomerFormField, CustomerFormInput } from '../customerForm';
import { useTandemStore } from '../../store/useTandemStore';

const EMPTY: CustomerFormInput = { name: '', phone: '', handle: '' };

/** "Add a customer" outside any call: name, and optionally a number and a handle, each checked on its own. */
export function NewCustomerForm() {
  const { t } = useTranslation();
  const headingId = useId();
  const create = useTandemStore((state) => state.createDirectoryCustomer);
  const [input, setInput] = useState<CustomerFormInput>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<CustomerFormField, CustomerFormError>>>({});
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = await create(input);
    setErrors(found);
    if (Object.keys(found).length === 0) setInput(EMPTY);
  };
  const field = (name: CustomerFormField, dir: 'auto' | 'ltr') => (
    <FormField
      label={t(`customers.form.${name}`)}
      value={input[name]}
      dir={dir}
      type={name === 'phone' ? 'tel' : 'text'}
      error={errors[name] === undefined ? null : t(errors[name])}
      onChange={(value) => setInput((current) => ({ ...current, [name]: value }))}
    />
  );
  return (
    <section className="customers-form" aria-labelledby={headingId}>
      <h3 id={headingId} className="customer-tools-title">
        {t('customers.newTitle')}
      </h3>
      <form className="customers-fields" noValidate onSubmit={(event) => void submit(event)}>
        {field('name', 'auto')}
        {field('phone', 'ltr')}
        {field('handle', 'ltr')}
        <button type="submit" className="button button-small">
          {t('customers.form.save')}
        </button>
      </form>
    </section>
  );
}

export function FormField({
  label,
  value,
  dir,
  type,
  error,
  onChange,
}: {
  readonly label: string;
  readonly value: string;
  readonly dir: 'auto' | 'ltr';
  readonly type: 'text' | 'tel';
  readonly error: string | null;
  readonly onChange: (value: string) => void;
}) {
  const inputId = useId();
  const errorId = useId();
  return (
    <div className="customers-field">
      <label htmlFor={inputId} className="context-label">
        {label}
      </label>
      <input
        id={inputId}
        type={type}
        dir={dir}
        value={value}
        maxLength={200}
        aria-invalid={error === null ? undefined : true}
        aria-describedby={error === null ? undefined : errorId}
        onChange={(event) => onChange(event.target.value)}
      />
      {error !== null && (
        <p id={errorId} className="context-error">
          {error}
        </p>
      )}
    </div>
  );
}
