import { useTranslation } from 'react-i18next';
import type { ContractError } from '@tandem/contract';
import { accountErrorKey } from '../accountErrors';

/** What became of the last save: main's refusal (an alert) or a quiet "Saved." */
export function SaveOutcome({ refusal, saved }: { refusal: ContractError | null; saved: boolean }) {
  const { t } = useTranslation();
  if (refusal !== null) {
    return (
      <p role="alert" className="account-error">
        {t(accountErrorKey(refusal))}
      </p>
    );
  }
  if (!saved) return null;
  return (
    <p role="status" className="account-saved">
      {t('accounts.saved')}
    </p>
  );
}
