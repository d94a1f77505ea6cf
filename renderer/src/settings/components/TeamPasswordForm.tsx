import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '@tandem/contract';
import { useTandemStore } from '../../store/useTandemStore';
import { SaveOutcome } from './SaveOutcome';

/** The agent's team database password: stored in main for the profile's database account, then the desk tries again. */
export function TeamPasswordForm({ hasPassword }: { hasPassword: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const save = useTandemStore((state) => state.saveTeamPassword);
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
        {t('accounts.team.password')}
      </label>
      <input
        id={id}
        className="field-input"
        type="password"
        autoComplete="new-password"
        value={value}
        placeholder={hasPassword ? t('accounts.phone.passwordKept') : ''}
        onChange={(event) => setValue(event.currentTarget.value)}
      />
      <button type="submit" className="button button-small" disabled={value === ''}>
        {t('accounts.team.save')}
      </button>
      <SaveOutcome refusal={refusal} saved={saved} />
    </form>
  );
}
