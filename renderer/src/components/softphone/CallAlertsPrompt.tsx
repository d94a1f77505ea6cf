import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const permissionNow = (): NotificationPermission | null => (typeof Notification === 'function' ? Notification.permission : null);

/** Offers desktop call alerts once, at the agent's click, instead of a permission prompt out of nowhere. */
export function CallAlertsPrompt() {
  const { t } = useTranslation();
  const [permission, setPermission] = useState(permissionNow);
  if (permission !== 'default') return null;
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
