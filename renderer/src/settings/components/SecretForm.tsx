import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '@tandem/contract';
import { SaveOutcome } from './SaveOutcome';

export interface SecretFormProps {
  /** The field's label, already translated. */
  readonly label: string;
  /** The submit button's text, already translated. */
  readonly saveLabel: string;
  /** Main already keeps one: the empty field says so rather than looking unset. */
  readonly hasSecret: boolean;
  /** Hands the secret to main; resolves with main's refusal, or null once it is stored. */
  readonly save: (secret: string) => Promise<ContractError | null>;
}

/**
 * One secret typed by the agent (an app password, a database password): sent to main once,
 * never kept in the renderer after it is stored, and the field cleared on success.
 */
export function SecretForm({ label, saveLabel, hasSecret, save }: SecretFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [value, setValue] = useState('');
  const [refusal, setRefusal] = useState<ContractError | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value === '') return;
    void save(value).then((error) => {
      setRefusal(error);
      setSaved(error === null);
      if (error === null) setValue('');
    });
  };

  return (
    <form className="account-form account-form-inline" onSubmit={submit}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="field-input"
        type="password"
        autoComplete="new-password"
        value={value}
        placeholder={hasSecret ? t('accounts.phone.passwordKept') : ''}
        onChange={(event) => setValue(event.currentTarget.value)}
      />
      <button type="submit" className="button button-small" disabled={value === ''}>
        {saveLabel}
      </button>
      <SaveOutcome refusal={refusal} saved={saved} />
    </form>
  );
}
