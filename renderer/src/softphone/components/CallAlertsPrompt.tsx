import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { NotificationPermissionPrompt } from '../../ui/NotificationPermissionPrompt';

/**
 * Offers desktop call alerts once, at the agent's click, instead of a permission prompt out of nowhere.
 * Browser host only: in Electron, main shows call alerts through the OS and there is nothing to allow.
 */
export function CallAlertsPrompt() {
  const { t } = useTranslation();
  const shell = useTandemStore((state) => state.appInfo?.shell);
  if (shell !== 'web') return null;
  return <NotificationPermissionPrompt hint={t('softphone.notification.enableHint')} action={t('softphone.notification.enable')} />;
}
