import { useEffect, useState } from 'react';
import { notificationPermission } from '../dom/notificationPermission';

/**
 * Asks for the browser's notification permission at the user's click (a
 * browser asks only from a user's gesture, and a prompt out of nowhere is
 * refused by habit); gone once the user has answered either way. It shows
 * once the permission is known, which is asked without blocking the page
 * (dom/notificationPermission.ts).
 */
export function NotificationPermissionPrompt({ hint, action }: { readonly hint: string; readonly action: string }) {
  const [permission, setPermission] = useState<NotificationPermission | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void notificationPermission().then((known) => {
      if (live) setPermission(known);
    });
    return () => {
      live = false;
    };
  }, []);
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
            .catch(() => void notificationPermission().then(setPermission));
        }}
      >
        {action}
      </button>
    </p>
  );
}
