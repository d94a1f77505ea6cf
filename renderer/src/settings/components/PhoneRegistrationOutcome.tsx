import type { RegistrationStatus } from '@tandem/contract';
import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { phoneSaveOutcome } from '../phoneSaveOutcome';

/** The server's answer to the saved phone account: a refusal is an alert, the rest a status. */
export function PhoneRegistrationOutcome({ before }: { readonly before: RegistrationStatus | null }) {
  const { t } = useTranslation();
  const outcome = phoneSaveOutcome(
    before,
    useTandemStore((state) => state.registration),
  );
  if (outcome.kind === 'refused' || outcome.kind === 'certificate') {
    return (
      <p role="alert" className="account-error">
        {outcome.kind === 'refused' ? t('accounts.phone.outcome.refused') : t('accounts.phone.outcome.certificate', { code: outcome.code })}
      </p>
    );
  }
  return (
    <p role="status" className="account-saved">
      {t(`accounts.phone.outcome.${outcome.kind}`)}
    </p>
  );
}
