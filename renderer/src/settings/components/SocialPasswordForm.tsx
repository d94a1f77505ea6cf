import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { SecretForm } from './SecretForm';

/** A new app password for one social account: stored in main, then the account logs in again. */
export function SocialPasswordForm({ network, handle, hasAppPassword }: { network: string; handle: string; hasAppPassword: boolean }) {
  const { t } = useTranslation();
  const save = useTandemStore((state) => state.saveSocialAppPassword);
  return (
    <SecretForm
      label={t('accounts.social.appPassword', { handle })}
      saveLabel={t('accounts.social.save')}
      hasSecret={hasAppPassword}
      save={(secret) => save(`${network}:${handle}`, secret)}
    />
  );
}
