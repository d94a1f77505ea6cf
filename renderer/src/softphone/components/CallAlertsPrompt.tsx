import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';

const permissionNow = (): NotificationPermission | null => (typeof Notification === 'function' ? Notification.permission : null);

/**
 * Offers desktop call alerts once, at the agent's click, instead of a permission prompt out of nowhere.
 * Browser host only: in Electron, main shows call alerts through the OS and there is nothing to allow.
 */
export function CallAlertsPrompt() {
  const { t } = useTranslation();
  const shell = useTandemStore((state) => state.appInfo?.shell);
  const [permission, setPermission] = useState(permissionNow);
  if (shell !== 'web' || permission !== 'default') return null;
  return (
    <p className="alerts-prompt">
      <span className="alerts-hint">{t('softphone.notification.enableHint')}</span>
      <button
        type="button"
        className="button button-small"
        onClick={() => {
          void Notification.requestPermission()
            .then(setPermission)
            .catch(() => setPermission(permissionNow()));
        }}
      >
        {t('softphone.notification.enable')}
      </button>
    </p>
  );
}
