import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, PublicSettings } from '@tandem/contract';
import { useTandemStore } from '../../store/useTandemStore';
import { accountErrorKey } from '../accountErrors';
import { SocialPasswordForm } from './SocialPasswordForm';

type Account = PublicSettings['social'][number];

/**
 * One social account in Accounts: its app password, and Remove for an account
 * added in the app (its connector stops and its app password is cleared in
 * main). The profile's accounts say where they come from instead.
 */
export function SocialAccountRow({ account }: { readonly account: Account }) {
  const { t } = useTranslation();
  const remove = useTandemStore((state) => state.removeSocialAccount);
  const [refusal, setRefusal] = useState<ContractError | null>(null);
  const accountId = `${account.network}:${account.handle}`;
  return (
    <div className="account-social-row">
      <SocialPasswordForm network={account.network} handle={account.handle} hasAppPassword={account.hasAppPassword} />
      {account.origin === 'app' ? (
        <button type="button" className="button button-small button-quiet" onClick={() => void remove(accountId).then(setRefusal)}>
          {t('accounts.social.remove', { handle: account.handle })}
        </button>
      ) : (
        <p className="field-hint">{t('accounts.social.fromProfile')}</p>
      )}
      {refusal !== null && (
        <p role="alert" className="account-error">
          {t(accountErrorKey(refusal))}
        </p>
      )}
    </div>
  );
}
