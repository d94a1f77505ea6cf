import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { SecretForm } from './SecretForm';

/** The agent's team database password: stored in main for the profile's database account, then the desk tries again. */
export function TeamPasswordForm({ hasPassword }: { hasPassword: boolean }) {
  const { t } = useTranslation();
  const save = useTandemStore((state) => state.saveTeamPassword);
  return <SecretForm label={t('accounts.team.password')} saveLabel={t('accounts.team.save')} hasSecret={hasPassword} save={save} />;
}
