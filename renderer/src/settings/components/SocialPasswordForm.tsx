import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '@tandem/contract';
import { useTandemStore } from '../../store/useTandemStore';
import { SaveOutcome } from './SaveOutcome';

/** A new app password for one social account: stored in main, then the account logs in again. */
export function SocialPasswordForm({ network, handle, hasAppPassword }: { network: string; handle: string; hasAppPassword: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const save = useTandemStore((state) => state.saveSocialAppPassword);
  const [value, setValue] = useState('');
  const [refusal, setRefusal] = useState<ContractError | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value === '') return;
    void save(`${network}:${handle}`, value).then((error) => {
      setRefusal(error);
      setSaved(error === null);
      if (error === null) setValue('');
    });
  };

  return (
    <form className="account-form account-form-inline" onSubmit={submit}>
      <label className="field-label" htmlFor={id}>
        {t('accounts.social.appPassword', { handle })}
      </label>
      <input
        id={id}
        className="field-input"
        type="password"
        autoComplete="new-password"
        value={value}
        placeholder={hasAppPassword ? t('accounts.phone.passwordKept') : ''}
        onChange={(event) => setValue(event.currentTarget.value)}
      />
      <button type="submit" className="button button-small" disabled={value === ''}>
        {t('accounts.social.save')}
      </button>
      <SaveOutcome refusal={refusal} saved={saved} />
    </form>
  );
}
