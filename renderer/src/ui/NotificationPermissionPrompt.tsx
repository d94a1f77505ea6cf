import { useState } from 'react';

const permissionNow = (): NotificationPermission | null => (typeof Notification === 'function' ? Notification.permission : null);

/**
 * Asks for the browser's notification permission at the user's click (a
 * browser asks only from a user's gesture, and a prompt out of nowhere is
 * refused by habit); gone once the user has answered either way.
 */
export function NotificationPermissionPrompt({ hint, action }: { readonly hint: string; readonly action: string }) {
  const [permission, setPermission] = useState(permissionNow);
  if (permission !== 'default') return null;
  return (
    <p className="alerts-prompt">
      <span className="alerts-hint">{hint}</span>
      <button
        type="button"
        className="button button-small"
        onClick={() => {
          void Notification.requestPermission()
            .then(setPermission)
            .catch(() => setPermission(permissionNow()));
        }}
      >
        {action}
      </button>
    </p>
  );
}
