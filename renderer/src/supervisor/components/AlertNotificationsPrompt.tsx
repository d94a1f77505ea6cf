import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { NotificationPermissionPrompt } from '../../ui/NotificationPermissionPrompt';

/**
 * Offers the supervisor's alerts as desktop notifications at a click.
 * Browser host only: in Electron, main shows them through the OS and there is nothing to allow.
 */
export function AlertNotificationsPrompt() {
  const { t } = useTranslation();
  const shell = useTandemStore((state) => state.appInfo?.shell);
  if (shell !== 'web') return null;
  return <NotificationPermissionPrompt hint={t('supervisor.alerts.notificationsHint')} action={t('supervisor.alerts.notificationsEnable')} />;
}
