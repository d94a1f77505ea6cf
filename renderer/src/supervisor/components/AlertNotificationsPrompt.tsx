import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';

const permissionNow = (): NotificationPermission | null => (typeof Notification === 'function' ? Notification.permission : null);

/**
 * Offers the supervisor's alerts as desktop notifications at a click (a
 * browser asks for the permission only from a user's gesture). Browser host
 * only: in Electron, main shows them through the OS and there is nothing to allow.
 */
export function AlertNotificationsPrompt() {
  const { t } = useTranslation();
  const shell = useTandemStore((state) => state.appInfo?.shell);
  const [permission, setPermission] = useState(permissionNow);
  if (shell !== 'web' || permission !== 'default') return null;
  return (
    <p className="alerts-prompt">
      <span className="alerts-hint">{t('supervisor.alerts.notificationsHint')}</span>
      <button
        type="button"
        className="button button-small"
        onClick={() => {
          void Notification.requestPermission()
            .then(setPermission)
            .catch(() => setPermission(permissionNow()));
        }}
      >
        {t('supervisor.alerts.notificationsEnable')}
      </button>
    </p>
  );
}
